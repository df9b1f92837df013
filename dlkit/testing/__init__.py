"""What graders and public checks are written with.

- fixture ``student``: the student's module, living in a worker process;
  ``student.conv2d(x, k)`` calls it there and returns plain data.
- fixture ``credit``: partial credit, one ``with credit.case():`` per case.
- marker ``@pytest.mark.points(n)``: what a test is worth.
- :mod:`dlkit.testing.expect`: comparisons whose failures say what was
  called, what came back, what was expected, and name known mistakes.
- :func:`fail` and :func:`mistake`: a failure in that same shape, and
  the line that names a known mistake.
- :mod:`dlkit.testing.compiled`: a model's loss, activation and compile
  settings, whatever the spelling.
- :mod:`dlkit.testing.requirements`: what a model must be, as a list of
  named clauses (shapes, softmax output, a loss that fits the labels,
  parameter budget, dropout, ...), each checking and explaining itself.
- :func:`grader_rng`: reproducible randomness from the fixed grader seed.
- :func:`memo`: compute a reference value once per grader process, so a
  batch of submissions pays for Keras once.
"""

from dlkit.testing.calls import describe_call, describe_value
from dlkit.testing.failures import StudentFailure, fail, mistake
from dlkit.testing.memo import memo
from dlkit.testing.seeds import grader_rng

__all__ = ["describe_call", "describe_value", "fail", "grader_rng", "memo", "mistake", "StudentFailure"]
