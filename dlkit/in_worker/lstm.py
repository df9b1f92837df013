"""Worker-side helper for topic 13 ``lstm``.

``predict_next_words`` calls the student's ``predict_next_word`` once per
context with ONE loaded model and vectorizer, so that the grader's cases do
not each pay for loading a ``.keras`` file and tracing ``predict`` again.
"""

from __future__ import annotations


def predict_next_words(module, model, vectorizer, contexts):
    """``[("returned", word) | ("raised", "Type: message"), ...]``, one per
    context; each call is on its own, so one that raises does not cost the
    others.  ``NotImplementedError`` (the stub) propagates as it is."""
    out = []
    for context in contexts:
        try:
            out.append(("returned", module.predict_next_word(model, vectorizer, context)))
        except NotImplementedError:
            raise
        except Exception as exc:  # noqa: BLE001 - reported to the grader as data
            out.append(("raised", f"{type(exc).__name__}: {exc}"[:500]))
    return out
