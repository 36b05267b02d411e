"""nbgrader configuration: the repository root is the course.

solutions/<assignment>/<notebook>.ipynb   nbgrader's *source* (reference answers + hidden tests)
exercises/<assignment>/<notebook>.ipynb   nbgrader's *release* (generated; never edit by hand)

The gradebook and the submitted/, autograded/ and feedback/ folders are git-ignored.
Tests and `python -m responsible_ml` may override these values on the command line.
"""
import os

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.course_id = "responsible-ml"


# Put back test cells a trainee deleted (they then score 0 instead of passing silently).
c.OverwriteCells.add_missing_cells = True
# Keep the generated exercises free of stored outputs and of hidden tests.
c.ClearOutput.enabled = True
c.ClearHiddenTests.enabled = True
# A cell that runs longer than this during autograding is stopped and scores 0.
c.ExecutePreprocessor.timeout = 60

# Grading kernels (autograde, validate) may use at most this much memory (address space),
# so a memory bomb ends in MemoryError for that trainee instead of taking the machine down.
# See lib/responsible_ml/course/_kernel.py; 0 switches the limit off.
GRADING_MEMORY_MB = 2048
try:
    from responsible_ml.course import grading_kernel_arguments
except ImportError:  # nbgrader run outside the course's environment: no limit
    pass
else:
    c.Execute.extra_arguments = grading_kernel_arguments(GRADING_MEMORY_MB)
    # A submission holding symbolic links is not graded: nbgrader would copy the files they
    # point to (solutions/, the gradebook, ...) into autograded/ in the trainee's name.
    from nbgrader.converters import Autograde

    from responsible_ml.course import refuse_linked_files

    c.Autograde.sanitize_preprocessors = [
        refuse_linked_files(),
        *Autograde.class_traits()["sanitize_preprocessors"].make_dynamic_default()]
    # Test cells are scored from whether the test raised (the kernel's reply), not from
    # what the notebook printed; output is bounded in bytes and each submission in time.
    # See lib/responsible_ml/course/_execute.py.
    from responsible_ml.course._execute import trusted_autograde_preprocessors

    c.Autograde.autograde_preprocessors = trusted_autograde_preprocessors()
    c.TrustedExecute.submission_timeout = 300  # seconds for all cells of one submission
    c.TrustedExecute.cell_output_kb = 1024  # output kept per cell
    c.TrustedExecute.notebook_output_kb = 4096  # output kept per notebook

# Every grading kernel (autograde, validate) runs in the bubblewrap sandbox: it sees the
# Python runtime, the package and datasets/ read-only and a private copy of the one
# submission, nothing else of the course or the machine, no network; limits on processes
# and file size. See lib/responsible_ml/course/_sandbox.py and docs/instructor-guide.md.
# Without bwrap, grading stops with an error; RML_NO_SANDBOX=1 grades unsandboxed (warns).
if os.environ.get("RML_NO_SANDBOX") == "1":
    import sys

    print("WARNING: RML_NO_SANDBOX=1: grading kernels run WITHOUT the sandbox, with your "
          "rights.", file=sys.stderr)
else:
    c.Execute.kernel_manager_class = "responsible_ml.course.SandboxKernelManager"
    c.SandboxKernelManager.processes = 128  # processes and threads in one sandbox
    c.SandboxKernelManager.memory_mb = 2048  # memory of one sandbox in total (a cgroup)
    c.SandboxKernelManager.fallback_processes = 16  # where no cgroup can be made
    c.SandboxKernelManager.file_size_mb = 256  # largest file a notebook may write
    c.SandboxKernelManager.folder_mb = 256  # the writable working folder (tmpfs)
    c.SandboxKernelManager.scratch_mb = 64  # private /tmp and HOME (tmpfs, each)
