"""nbgrader settings for every server on the course hub (found via JUPYTER_CONFIG_PATH).

The hub's spawner (deploy/jupyterhub_config.py) sets the variables read here. On The
Littlest JupyterHub the same lines go into /etc/jupyter/nbgrader_config.py.
"""
import os

c = get_config()  # noqa: F821

c.CourseDirectory.course_id = os.environ.get("RML_COURSE_ID", "responsible-ml")
c.Exchange.root = os.environ.get("RML_EXCHANGE", "/srv/nbgrader/exchange")
# Refuse a submission that lacks a released notebook (a renamed file is caught at submit).
c.ExchangeSubmit.strict = True
# Keep data dumps out of submissions (kB).
c.CourseDirectory.max_file_size = 10000
# Hub without Unix accounts (make hub, not root): every server runs as the same user, so
# nbgrader's id would be that user's name for everyone; take the hub's name instead.
if os.environ.get("RML_STUDENT_ID"):
    c.CourseDirectory.student_id = os.environ["RML_STUDENT_ID"]
