"""Topic-specific kit code that graders run inside the student's worker
(``student.harness("dlkit.in_worker.<topic>:function", ...)``): it drives
student classes and files there and returns plain data."""
