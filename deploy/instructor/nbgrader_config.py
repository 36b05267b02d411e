"""nbgrader settings for the instructor's server (before deploy/singleuser/ in the path).

The server runs in the instructor's home, so the course folder's own configuration (the
repository's nbgrader_config.py, whose root is that folder) is loaded from RML_COURSE_DIR;
the formgrader then finds the course. The instructor acts on every trainee: no fixed id.
"""
import os

c = get_config()  # noqa: F821

_course = os.environ.get("RML_COURSE_DIR")
if _course and os.path.exists(os.path.join(_course, "nbgrader_config.py")):
    load_subconfig(os.path.join(_course, "nbgrader_config.py"))  # noqa: F821
c.CourseDirectory.student_id = "*"
