"""``dlkit dev check`` passes on the kit, in seconds and without TensorFlow,
and names each kind of breakage, made in a copy of the kit."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dlkit import catalog, cli, dev, paths, registry

TOPIC = "output_size"
COPIED = ["solutions", "exercises", "graders", "course", "tests/mistakes", "dlkit/topics.toml"]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("kit")
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    for name in COPIED:
        source, target = paths.ROOT / name, root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=ignore)
        else:
            shutil.copy(source, target)
    return root


@pytest.fixture
def kit(pristine, tmp_path) -> Path:
    """A copy of the kit's checked files, to break."""
    root = tmp_path / "kit"
    shutil.copytree(pristine, root)
    return root


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert text.count(old) >= 1, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count))


def problems(root: Path, kind: str) -> list[str]:
    found = dev.check(root)
    assert found, "no problem found"
    return [p.text for p in found if p.kind == kind] or pytest.fail(f"no {kind} problem in {found}")


def test_the_kit_passes_in_seconds_without_tensorflow():
    code = ("import sys, time\nfrom dlkit import dev\nstarted = time.monotonic()\n"
            "found = dev.check()\nprint(time.monotonic() - started)\n"
            "assert not found, [str(p) for p in found]\n"
            "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert float(done.stdout.split()[-1]) < 30


def test_the_command_exits_0_on_the_kit_and_1_listing_every_problem(kit, capsys):
    assert cli.main(["dev", "check"]) == 0
    assert "agree" in capsys.readouterr().out
    (kit / "graders" / f"test_{TOPIC}.py").unlink()
    (kit / "solutions" / "extra.py").write_text("def f():\n    pass\n")
    assert cli.main(["dev", "check", "--root", str(kit)]) == 1
    out = capsys.readouterr().out
    assert f"files: {TOPIC}: no grader" in out and "solutions/extra.py" in out
    assert re.search(r"^\d+ problems", out, re.MULTILINE)


def test_a_copy_of_the_kit_passes(kit):
    assert dev.check(kit) == []


def test_registry_that_does_not_read(kit):
    (kit / "dlkit" / "topics.toml").write_text("[[topic]\nname = ")
    assert problems(kit, "registry")


def test_each_topic_file_missing_is_named(kit):
    """Each role's file removed for a different topic, all found in one run."""
    topics = [t.name for t in registry.topics()]
    roles = dev.topic_files(kit, TOPIC)
    for topic, role in zip(topics, roles):
        dev.topic_files(kit, topic)[role].unlink()
    found = problems(kit, "files")
    for topic, role in zip(topics, roles):
        assert any(p.startswith(f"{topic}: no {role} (") for p in found), (topic, role, found)


def test_files_for_a_topic_the_registry_does_not_name(kit):
    strays = ["solutions/old_topic.py", "exercises/old_topic.py", "exercises/tests/test_old_topic.py",
              "graders/test_old_topic.py", "tests/mistakes/old_topic.toml",
              "course/source/old_topic/old_topic.ipynb"]
    for path in strays:
        (kit / path).parent.mkdir(parents=True, exist_ok=True)
        (kit / path).write_text("")
    found = problems(kit, "files")
    for path in ["solutions/old_topic.py", "exercises/old_topic.py", "exercises/tests/test_old_topic.py",
                 "graders/test_old_topic.py", "tests/mistakes/old_topic.toml", "course/source/old_topic"]:
        assert f"{path}: no topic 'old_topic' in the registry" in found, (path, found)


def test_an_old_style_catalog_folder_is_stray(kit):
    (kit / "tests" / "mistakes" / TOPIC).mkdir()
    assert any("not a catalog file" in p for p in problems(kit, "files"))


def test_a_public_function_without_a_hint(kit):
    edit(kit / "dlkit" / "topics.toml", "\nconv_output_length = ", "\nrenamed_function = ")
    found = problems(kit, "hints")
    assert any("no hint in the registry for conv_output_length" in p for p in found), found
    assert any("hints for renamed_function" in p for p in found), found


def test_points_that_do_not_add_up(kit):
    edit(kit / "graders" / f"test_{TOPIC}.py", "@pytest.mark.points(3)", "@pytest.mark.points(4)")
    assert any("worth 21 points, the registry says 20" in p for p in problems(kit, "points"))


def test_an_end_marker_missing(kit):
    edit(kit / "solutions" / f"{TOPIC}.py", "    ### END SOLUTION\n", "")
    found = problems(kit, "markers")
    assert any("BEGIN SOLUTION inside the region opened" in p for p in found), found


def test_nested_markers(kit):
    edit(kit / "solutions" / f"{TOPIC}.py", "    ### BEGIN SOLUTION\n",
         "    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n")
    assert any("regions do not nest" in p for p in problems(kit, "markers"))


def test_an_end_marker_without_begin(kit):
    edit(kit / "solutions" / f"{TOPIC}.py", "    ### BEGIN SOLUTION\n", "")
    assert any("END SOLUTION without" in p for p in problems(kit, "markers"))


def test_a_misspelt_marker(kit):
    edit(kit / "solutions" / f"{TOPIC}.py", "    ### END SOLUTION\n", "    ## END SOLUTION\n")
    found = problems(kit, "markers")
    assert any("misspelt marker" in p for p in found), found


def test_a_region_across_two_functions(kit):
    """The first region's END and the second's BEGIN removed: one region over two functions."""
    path = kit / "solutions" / f"{TOPIC}.py"
    end, begin = "    ### END SOLUTION\n", "    ### BEGIN SOLUTION\n"
    text = path.read_text()
    at = text.index(end)
    text = text[:at] + text[at + len(end):]
    at = text.index(begin, at)
    path.write_text(text[:at] + text[at + len(begin):])
    assert any("ends in another block" in p for p in problems(kit, "markers"))


def test_a_stale_stub(kit):
    edit(kit / "exercises" / f"{TOPIC}.py", "\n", "\n# edited by hand\n")
    assert any(f"exercises/{TOPIC}.py" in p for p in problems(kit, "generated"))


def test_a_stale_notebook(kit):
    edit(kit / "graders" / f"test_{TOPIC}.py", "@pytest.mark.points(3)", "@pytest.mark.points(4)")
    assert any(f"{TOPIC}.ipynb" in p for p in problems(kit, "generated"))


def first_edit(root: Path) -> catalog.Mistake:
    return next(m for m in catalog.load(TOPIC, root) if m.edits)


def test_a_catalog_edit_whose_text_is_gone(kit):
    mistake = first_edit(kit)
    text = mistake.edits[0].replace
    edit(kit / "solutions" / f"{TOPIC}.py", text, "# changed\n" + text.replace("\n", "  # changed\n"))
    found = problems(kit, "catalog")
    assert any(f"{TOPIC}/{mistake.name}: edit 1" in p and "occurs 0 times" in p for p in found), found


def test_a_catalog_edit_whose_text_occurs_twice(kit):
    mistake = first_edit(kit)
    path = kit / "solutions" / f"{TOPIC}.py"
    path.write_text(path.read_text() + '\n\n_COPY = """' + mistake.edits[0].replace + '"""\n')
    found = problems(kit, "catalog")
    assert any(f"{TOPIC}/{mistake.name}: edit 1" in p and "occurs 2 times" in p for p in found), found


def test_a_catalog_entry_naming_no_test_of_the_grader(kit):
    mistake = first_edit(kit)
    edit(kit / "tests" / "mistakes" / f"{TOPIC}.toml", f'test = "{mistake.test}"', 'test = "test_nothing"')
    assert any("has no test 'test_nothing'" in p for p in problems(kit, "catalog"))


def test_a_catalog_file_that_does_not_read(kit):
    (kit / "tests" / "mistakes" / f"{TOPIC}.toml").write_text("[[mistake]]\nname = 'x'\nreplace = 1\n")
    assert any(f"{TOPIC}.toml" in p for p in problems(kit, "catalog"))


def test_a_catalog_edit_that_breaks_the_syntax(kit):
    text = first_edit(kit).edits[0].replace
    with (kit / "tests" / "mistakes" / f"{TOPIC}.toml").open("a") as fh:
        fh.write(f"\n[[mistake]]\nname = \"broken\"\ntest = \"{first_edit(kit).test}\"\n"
                 f"message = \"x\"\nreplace = '''\n{text}'''\nwith = \"def (\"\n")
    assert any(f"{TOPIC}/broken: the mistaken module is not valid Python" in p
               for p in problems(kit, "catalog"))


def test_every_kind_has_a_test():
    tested = {"registry", "files", "hints", "points", "markers", "generated", "catalog"}
    assert tested == set(dev.KINDS)


# -- the catalog loader ------------------------------------------------------------------------

REFERENCE = "def f(x):\n    return x + 1\n\n\ndef g(x):\n    return x + 1\n"
HEAD = '[[mistake]]\nname = "m"\ntest = "test_f"\nmessage = "plus one"\n'


def test_an_edit_applies_exactly_once():
    [m] = catalog.parse("t", HEAD + "replace = '''\ndef f(x):\n    return x + 1\n'''\n"
                                    "with = '''\ndef f(x):\n    return x\n'''\n")
    assert m.apply(REFERENCE) == REFERENCE.replace("return x + 1", "return x", 1)
    [twice] = catalog.parse("t", HEAD + 'replace = "return x + 1"\nwith = "return x"\n')
    with pytest.raises(catalog.CatalogError, match=r"t/m: edit 1: .* occurs 2 times"):
        twice.apply(REFERENCE)
    [never] = catalog.parse("t", HEAD + 'replace = "return x + 2"\nwith = "return x"\n')
    with pytest.raises(catalog.CatalogError, match=r"t/m: edit 1: .* occurs 0 times"):
        never.apply(REFERENCE)


def test_several_edits_a_rewrite_and_overlapping_edits():
    text = (HEAD + '[[mistake.edit]]\nreplace = "f(x):\\n    return x + 1"\nwith = "f(x):\\n    return x"\n'
            '[[mistake.edit]]\nreplace = "g(x):\\n    return x + 1"\nwith = "g(x):\\n    return 0"\n'
            + HEAD.replace('"m"', '"r"') + 'source = "def f(x):\\n    return 2\\n"\n')
    several, rewrite = catalog.parse("t", text)
    assert several.apply(REFERENCE) == "def f(x):\n    return x\n\n\ndef g(x):\n    return 0\n"
    assert rewrite.apply(REFERENCE) == REFERENCE + "\n\n# --- mistake ---\ndef f(x):\n    return 2\n"
    [overlapping] = catalog.parse("t", HEAD + '[[mistake.edit]]\nreplace = "f(x)"\nwith = "f(y)"\n'
                                              '[[mistake.edit]]\nreplace = "(x):\\n    return x + 1\\n\\n"\n'
                                              'with = ""\n')
    with pytest.raises(catalog.CatalogError, match="t/m: edits 1 and 2 overlap"):
        overlapping.apply(REFERENCE)


@pytest.mark.parametrize("text, error", [
    (HEAD, "either edits"),
    (HEAD + 'replace = "x"\nwith = "y"\nsource = "z"\n', "either edits"),
    (HEAD + 'replace = "x"\n', "needs a non-empty `replace` and a `with`"),
    (HEAD + 'replace = "x"\nwith = "y"\nwiht = "z"\n', "unknown keys"),
    (HEAD + 'replace = "x"\nwith = "y"\n' + HEAD + 'replace = "x"\nwith = "y"\n', "second mistake"),
    (HEAD.replace('"m"', '"Bad name"'), "lower-case"),
    (HEAD.replace('test = "test_f"\n', "") + 'replace = "x"\nwith = "y"\n', "`test` must be"),
    ("[[mistake]]\nname = ", "t.toml"),
])
def test_a_malformed_entry_is_named(text, error):
    with pytest.raises(catalog.CatalogError, match=re.escape(error)):
        catalog.parse("t", text, "t.toml")
