"""A memory ceiling for the kernels nbgrader starts when it grades.

nbgrader starts one fresh kernel per submitted notebook and sets no memory limit, so a
submission that allocates 20 GiB takes the grading machine (and every other trainee's
grading) down with it. ``nbgrader_config.py`` sets

    c.Execute.extra_arguments = grading_kernel_arguments(memory_limit_mb=2048)

so that each grading kernel, before it runs any trainee code, limits its own address
space with ``resource.setrlimit(RLIMIT_AS)`` (a hard limit: the trainee's code cannot
raise it again, and processes it starts inherit it). An allocation beyond the limit raises
``MemoryError`` in the trainee's cell, or ends that kernel; grading goes on. The same
lines pin BLAS/OpenMP to one thread, so parallel graders do not oversubscribe the cores.
Trainees' own kernels in JupyterLab are not affected: only nbgrader's ``Execute`` step
(``autograde``, ``validate``) reads this setting.
"""

from __future__ import annotations

__all__ = ["grading_kernel_arguments"]

#: Default ceiling on a grading kernel's address space, in MiB.
MEMORY_LIMIT_MB = 2048

_SETUP = (
    "__import__('resource').setrlimit(__import__('resource').RLIMIT_AS, ({limit}, {limit})); "
    "__import__('os').environ.update({{_k: __import__('os').environ.get(_k, '1') for _k in "
    "('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS')}})"
)


def grading_kernel_arguments(memory_limit_mb: int = MEMORY_LIMIT_MB) -> list[str]:
    """Kernel command-line arguments that put a grading kernel under a memory limit.

    Parameters
    ----------
    memory_limit_mb : int
        Ceiling on the kernel's address space in MiB. The kernel itself with numpy,
        pandas and scikit-learn imported needs about 1 GiB of address space; keep the
        limit at 1024 or more. 0 means no limit (only the one-thread pinning stays).

    Returns
    -------
    list of str
        For ``c.Execute.extra_arguments`` in ``nbgrader_config.py``. nbclient adds its
        ``--HistoryManager.hist_file=:memory:`` to these.
    """
    # Imported here: responsible_ml._validation imports pandas (half a second in every
    # grading process that reads nbgrader_config.py, for one integer check).
    from .._validation import check_integer

    memory_limit_mb = check_integer(memory_limit_mb, "memory_limit_mb", low=None)  # <= 0: none
    code = _SETUP.format(limit=memory_limit_mb * 1024 * 1024)
    if memory_limit_mb <= 0:
        code = code.split("; ", 1)[1]
    return [f"--IPKernelApp.exec_lines={code}"]
