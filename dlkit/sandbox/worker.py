"""The worker: the only process in which a student's module is imported.

Started by :mod:`dlkit.sandbox.supervisor` as ``python -m
dlkit.sandbox.worker REQUEST_FD REPLY_FD``.  It imports the module named in
the first request, then answers calls one at a time.  Everything it sends
back is plain data (:mod:`dlkit.sandbox.plaindata`); whatever the student's
code patches here stays here.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import sys
import time
import traceback


def _enter_sandbox() -> str | None:
    """Enter the namespaces sandbox if the supervisor asked for it; why it
    failed, or None.  unshare() needs a single-threaded process, so this runs
    before NumPy (whose BLAS starts threads) is imported."""
    hidden = os.environ.pop("DLKIT_SANDBOX_HIDDEN", None)
    disk_mb = int(os.environ.pop("DLKIT_SANDBOX_DISK_MB", "256"))
    if hidden is None:
        return None
    try:
        from dlkit.sandbox import namespaces

        namespaces.enter(json.loads(hidden), disk_mb)
    except Exception as exc:  # noqa: BLE001 - reported instead of running unfenced
        return f"the grading sandbox could not be entered ({exc}); grade with --sandbox off"
    return None


SANDBOX_FAILURE = _enter_sandbox() if __name__ == "__main__" else None

from dlkit.sandbox import plaindata, rich, wire  # noqa: E402 - after the sandbox, see above

_KIT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_KIT_MODULES: set[str] = set()  # a kit module loaded as this worker's module (the trainer)
MAX_TEXT = 2000


def _student_traceback(exc: BaseException) -> str:
    """The traceback's frames outside the kit: what the student wrote."""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if not os.path.abspath(f.filename).startswith(_KIT_DIR + os.sep)
        and "importlib" not in f.filename and f.filename not in _KIT_MODULES
    ]
    text = "".join(traceback.format_list(frames[-6:]))
    return text[-MAX_TEXT:]


def _describe(exc: BaseException) -> dict:
    if isinstance(exc, SystemExit):
        return {"status": "exit", "code": repr(exc.code)[:200]}
    try:
        message = str(exc)
    except BaseException:  # noqa: BLE001 - a rigged __str__ must not kill us
        message = "<unprintable message>"
    return {
        "status": "raised",
        "type": type(exc).__name__[:200],
        "message": message[:MAX_TEXT],
        "traceback": _student_traceback(exc),
    }


def _resolve(module, target: str):
    """``name`` is a student function; ``harness:pkg.mod:fn`` is kit code
    that runs here, beside the student's module, and receives it first."""
    if target.startswith("harness:"):
        mod_name, _, fn_name = target[len("harness:") :].partition(":")
        if not mod_name.startswith("dlkit."):
            raise ValueError("harness must live in the dlkit package")
        fn = getattr(importlib.import_module(mod_name), fn_name)
        return lambda *a, **k: fn(module, *a, **k)
    if not hasattr(module, target):
        where = os.path.basename(getattr(module, "__file__", "") or "the module")
        raise LookupError(f"{where} defines no function {target}")
    return getattr(module, target)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001
            pass


def _write_module(name: str, source) -> str:
    """The student's module, handed over as bytes (the grader never copies
    into a folder this process can write), as a file in this folder."""
    path = os.path.abspath(f"{name}.py")
    with open(path, "wb") as fh:
        fh.write(bytes(source))
    return path


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this worker when the grader dies, so a hung
    student loop cannot outlive a grader that was itself killed."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before prctl took effect (0 when fenced)
            os._exit(1)
    except (OSError, AttributeError, TypeError):  # not Linux: no prctl (Windows: no libc at all)
        pass


def main(request_fd: int, reply_fd: int) -> None:
    _die_with_parent()
    send, receive, encode, decode = wire.send, wire.receive, plaindata.encode, plaindata.decode
    exchange = os.getcwd()  # the supervisor's folder for model files, whatever chdir follows
    module = None
    while True:
        try:
            request = decode(receive(request_fd))
        except wire.WireClosed:
            return
        reply: dict
        try:
            started = time.monotonic()
            if request["op"] == "load":
                if SANDBOX_FAILURE:
                    raise RuntimeError(SANDBOX_FAILURE)
                path = _write_module(request["name"], request["source"])
                # Unfenced, modules beside the submitted one stay importable;
                # fenced, the worker sees only its own folder.
                sys.path.append(request.get("beside") or os.path.dirname(path))
                spec = importlib.util.spec_from_file_location(request["name"], path)
                module = importlib.util.module_from_spec(spec)
                sys.modules[request["name"]] = module
                spec.loader.exec_module(module)
                # The kit's trainer (dlkit.testing.trainer) loads the models
                # it is given with safe_mode=True; so may a student module.
                rich.SAFE_LOADING = getattr(module, "TRUSTED", False) is True
                if rich.SAFE_LOADING:
                    _KIT_MODULES.add(path)
                reply = {"status": "ok", "value": None, "seconds": time.monotonic() - started}
            else:
                fn = _resolve(module, request["target"])
                args = rich.from_plain(request["args"], exchange)
                kwargs = rich.from_plain(request["kwargs"], exchange)
                value = fn(*args, **kwargs)
                reply = {"status": "ok", "value": rich.to_plain(value, exchange)}
        except BaseException as exc:  # noqa: BLE001 - report everything, even SystemExit
            reply = _describe(exc)
        _flush()
        try:
            payload = encode(reply)
        except BaseException as exc:  # noqa: BLE001
            payload = encode({"status": "raised", "type": "EncodingError",
                              "message": f"the result could not be sent back: {exc}"[:MAX_TEXT],
                              "traceback": ""})
        send(reply_fd, payload)


def configure_compute() -> None:
    """Fix this worker's compute threads, so that a CPU-second means the
    same work on any machine and any load, and let it share a GPU with the
    other workers (memory growth); the template never touched either."""
    threads = int(os.environ.pop("DLKIT_WORKER_THREADS", "0") or 0)
    tf = sys.modules.get("tensorflow")
    if tf is None:
        return
    try:
        if threads:
            tf.config.threading.set_intra_op_parallelism_threads(threads)
            tf.config.threading.set_inter_op_parallelism_threads(threads)
        if os.path.exists("/dev/nvidiactl"):
            for gpu in tf.config.list_physical_devices("GPU"):
                tf.config.experimental.set_memory_growth(gpu, True)
    except RuntimeError:
        pass  # TensorFlow was already initialised: its own defaults stand
    if threads:
        try:
            from threadpoolctl import threadpool_limits

            threadpool_limits(threads)
        except ImportError:
            pass


def serve(request_fd: int, reply_fd: int) -> None:
    """A worker forked from the template (:mod:`dlkit.sandbox.template`),
    single-threaded as forked children are: fence it, then serve."""
    global SANDBOX_FAILURE
    SANDBOX_FAILURE = _enter_sandbox()
    configure_compute()
    main(request_fd, reply_fd)


def _descriptors(argv: list[str]) -> tuple[int, int]:
    """The request and reply descriptors: inherited as such (POSIX), or as
    Windows handles (``--handles H1 H2``, see dlkit.sandbox.spawned)."""
    if argv[0] == "--handles":  # pragma: no cover - Windows only
        import msvcrt

        return (msvcrt.open_osfhandle(int(argv[1]), os.O_RDONLY),
                msvcrt.open_osfhandle(int(argv[2]), os.O_WRONLY))
    return int(argv[0]), int(argv[1])


if __name__ == "__main__":
    configure_compute()
    main(*_descriptors(sys.argv[1:]))
