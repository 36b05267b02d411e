"""responsible_ml.feedback.no_shortcuts: a blocked function cannot earn a pass by any route."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import inspect
import os
import sys
import textwrap
import threading
import types

import pytest

from responsible_ml.feedback import AnswerError, expect_close, expect_equal, no_shortcuts, trusted
from responsible_ml.feedback._shortcuts import _OUTSIDE_THE_CHECK, _SHORTCUT, ShortcutError, _shape

LIB = '''
def total_of(values):
    """The library's answer: the sum of the values, written out in a loop."""
    values = list(values)
    if not values:
        raise ValueError("values must not be empty")
    out = 0
    for value in values:
        out = out + value
    return out


def _inner(values):
    return total_of(values)


def report(values):
    """An allowed helper that uses the blocked function internally."""
    return {"total": _inner(values), "n": len(values)}


class Summer:
    def add_all(self, values):
        result = 0
        for v in values:
            result += v
        return result
'''


@pytest.fixture
def fakelib(tmp_path, monkeypatch):
    pkg = tmp_path / "fakelib_rml"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("from ._impl import total_of, report, Summer\n")
    (pkg / "_impl.py").write_text(LIB)
    (pkg / "other.py").write_text("CONSTANT = 3\n\ndef unrelated(x):\n    return x * 2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [n for n in sys.modules if n.startswith("fakelib_rml")]:
        monkeypatch.delitem(sys.modules, name)
    module = importlib.import_module("fakelib_rml")
    yield module
    for name in [n for n in sys.modules if n.startswith("fakelib_rml")]:
        del sys.modules[name]


def _check(answer, *blocked, **kwargs):
    with no_shortcuts(*blocked, what="total", **kwargs):
        expect_equal(answer([1, 2, 3]), 6, what="total of 1, 2, 3")


def _by_hand(values):
    return sum(int(v) for v in values)


def test_own_work_passes(fakelib):
    _check(_by_hand, "fakelib_rml")


def test_a_wrong_own_answer_fails_as_usual(fakelib):
    with pytest.raises(AnswerError) as err:
        _check(lambda v: 5, "fakelib_rml")
    assert not isinstance(err.value, ShortcutError)


@pytest.mark.parametrize("route", ["direct", "alias taken before", "sys.modules", "importlib",
                                   "getattr", "import inside", "method of a class",
                                   "through pandas", "as the answer itself"])
def test_every_route_to_a_blocked_function_fails(fakelib, route):
    saved = fakelib.total_of

    def answer(values):
        if route == "direct":
            return fakelib.total_of(values)
        if route == "alias taken before":
            return saved(values)
        if route == "sys.modules":
            return sys.modules["fakelib_rml._impl"].total_of(values)
        if route == "importlib":
            return importlib.import_module("fakelib_rml").total_of(values)
        if route == "getattr":
            return getattr(fakelib, "total_" + "of")(values)
        if route == "import inside":
            from fakelib_rml import total_of
            return total_of(values)
        if route == "method of a class":
            return fakelib.Summer().add_all(values)
        if route == "through pandas":
            import pandas as pd
            return pd.Series(values).pipe(lambda s: fakelib.total_of(list(s)))
        raise AssertionError(route)

    target = fakelib.total_of if route == "as the answer itself" else answer
    with pytest.raises(ShortcutError) as err:
        _check(target, "fakelib_rml")
    assert "compute it yourself" in str(err.value)
    assert str(err.value).endswith("]")


def test_the_message_names_the_function(fakelib):
    with pytest.raises(ShortcutError) as err:
        _check(lambda v: fakelib.total_of(v), "fakelib_rml")
    assert str(err.value) == _SHORTCUT.format(what="total", name="total_of", where="fakelib_rml",
                                             tools="NumPy and pandas")


def test_a_patched_module_attribute_does_not_help(fakelib, monkeypatch):
    saved = fakelib.total_of
    monkeypatch.setattr(fakelib, "total_of", lambda v: 0)   # what a name-based block would do
    with pytest.raises(ShortcutError):
        _check(lambda v: saved(v), "fakelib_rml")


def test_a_copied_code_object_is_caught(fakelib):
    copy = types.FunctionType(fakelib.total_of.__code__, {}, "mine")
    with pytest.raises(ShortcutError):
        _check(copy, "fakelib_rml")


def test_recompiled_source_is_caught(fakelib):
    namespace: dict = {}
    exec(compile(textwrap.dedent(inspect.getsource(fakelib.total_of)), "<answer>", "exec"),  # noqa: S102
         namespace)
    with pytest.raises(ShortcutError) as err:
        _check(namespace["total_of"], "fakelib_rml")
    assert "a copy of its code" in str(err.value)


def _library_looking_names():
    import os

    import responsible_ml

    lib = os.path.dirname(os.path.dirname(os.path.realpath(responsible_ml.__file__)))
    return [os.path.join(sys.prefix, "my_copy_engine.py"),        # inside the Python install
            os.path.join(lib, "responsible_ml", "my_copy.py"),     # inside the course's lib
            os.path.join(lib, "responsible_ml", "feedback", "_checks.py"),  # the checks' own (exempt)
            os.path.realpath(os.__file__),                         # a real stdlib file
            os.path.realpath(pytest.__file__)]                     # a real site-packages file


@pytest.mark.parametrize("filename", _library_looking_names())
def test_a_copy_compiled_under_a_library_file_name_is_caught(fakelib, filename):
    """The copy check decides by the code object (the library's own?), not its file name."""
    namespace: dict = {}
    exec(compile(textwrap.dedent(inspect.getsource(fakelib.total_of)), filename, "exec"),  # noqa: S102
         namespace)
    with pytest.raises(ShortcutError) as err:
        _check(namespace["total_of"], "fakelib_rml")
    assert "a copy of its code" in str(err.value)


def _implied_fpr_source():
    from responsible_ml.tradeoffs import implied_fpr

    return implied_fpr, textwrap.dedent(inspect.getsource(implied_fpr))


def _forced_fnr_with(implied):
    def forced_fnr(base_rate, ppv, fpr):
        return 1 - fpr / implied(base_rate, ppv, 0.0)
    return forced_fnr


def _refused_as_a_copy(answer, name="implied_fpr"):
    """Refused by both guards (the notebook's and the hidden tests' trusted copy), by name."""
    for guard in (no_shortcuts, trusted().no_shortcuts):
        with pytest.raises(AssertionError) as err:
            with guard("responsible_ml", what="forced_fnr"):
                expect_close(answer(0.4, 0.75, 0.1), 0.55, what="forced FNR")
        assert type(err.value).__name__ == "ShortcutError", err.value
        assert f"`{name}`" in str(err.value) and "a copy of its code" in str(err.value), err.value


def test_library_source_exec_in_the_notebook_is_caught():
    """Review x07-r11 S1: ``exec(inspect.getsource(implied_fpr))`` defines the library's function
    in the notebook. CPython 3.11 compiles it to other bytecode there (``np.asarray`` without the
    file's ``import numpy as np``: LOAD_METHOD, not LOAD_ATTR), under another file and first line."""
    import numpy as np

    from responsible_ml.tradeoffs._impossibility import _BAD_PPV, _BAD_RATE

    lib, source = _implied_fpr_source()
    cell = {"np": np, "_BAD_RATE": _BAD_RATE, "_BAD_PPV": _BAD_PPV}
    exec(source, cell)  # noqa: S102 - what the answer cell does
    copy = cell["implied_fpr"]
    assert copy is not lib and copy.__code__.co_filename != lib.__code__.co_filename
    assert copy(0.4, 0.75, 0.0) == lib(0.4, 0.75, 0.0)  # it works as the library's does
    _refused_as_a_copy(_forced_fnr_with(copy))


def test_library_source_compiled_and_made_a_function_is_caught():
    """The same code through ``compile`` and ``types.FunctionType``, under another name."""
    import numpy as np

    from responsible_ml.tradeoffs import _impossibility

    _lib, source = _implied_fpr_source()
    module_code = compile(source, "my_rates.py", "exec")
    (code,) = [c for c in module_code.co_consts if isinstance(c, types.CodeType)]
    code = code.replace(co_name="my_rates", co_qualname="my_rates", co_firstlineno=1)
    copy = types.FunctionType(code, {**vars(_impossibility), "np": np}, "my_rates")
    _refused_as_a_copy(_forced_fnr_with(copy))


@pytest.mark.parametrize("edit", ["locals renamed", "docstring removed", "named <lambda>"])
def test_a_copy_with_what_does_not_change_its_instructions_edited_is_caught(edit):
    import ast

    import numpy as np

    from responsible_ml.tradeoffs import _impossibility

    _lib, source = _implied_fpr_source()
    tree = ast.parse(source)
    func = tree.body[0]
    if edit == "locals renamed":
        new = {"base_rate": "b", "ppv": "q", "fnr": "m", "p": "pp", "ppv_": "qq", "out": "res"}
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id in new:
                node.id = new[node.id]
            elif isinstance(node, ast.arg) and node.arg in new:
                node.arg = new[node.arg]
        assert "ppv_" not in ast.unparse(tree)
    elif edit == "docstring removed":
        func.body = func.body[1:]
    cell = {**vars(_impossibility), "np": np}
    exec(ast.unparse(tree), cell)  # noqa: S102
    copy = cell["implied_fpr"]
    if edit == "named <lambda>":
        copy.__code__ = copy.__code__.replace(co_name="<lambda>", co_qualname="<lambda>")
    _refused_as_a_copy(_forced_fnr_with(copy))


def test_one_line_formulas_like_a_library_helper_are_the_trainees_own():
    """Copy detection needs a function of some length: a trainee's one-line logistic function
    or standard error has the instructions of the library's ``_sigmoid`` / checks' ``_se``."""
    import math

    import numpy as np

    cell = {"np": np, "math": math}   # imported in an earlier cell
    exec("def _sigmoid(z):\n    return 1.0 / (1.0 + np.exp(-z))\n\n\n"  # noqa: S102
         "def _se(accuracy, n):\n    return math.sqrt(accuracy * (1 - accuracy) / n)\n", cell)
    _sigmoid, _se = cell["_sigmoid"], cell["_se"]
    from responsible_ml.data import _case_study
    from responsible_ml.feedback import _variant

    assert _shape(_sigmoid.__code__) == _shape(_case_study._sigmoid.__code__)
    assert _shape(_se.__code__) == _shape(_variant._se.__code__)
    for guard in (no_shortcuts, trusted().no_shortcuts):
        with guard("responsible_ml", what="z"):
            expect_close(float(_sigmoid(0.0)) + _se(0.5, 100), 0.55, what="sum")


def test_genuine_library_code_is_not_taken_for_a_copy():
    """Real library functions run inside the check without being fingerprinted as copies."""
    import statistics

    with no_shortcuts("responsible_ml.fairness", what="mean"):
        expect_equal(statistics.mean([1, 2, 3]), 2, what="mean of 1, 2, 3")


def test_a_function_blocked_by_name(fakelib):
    with pytest.raises(ShortcutError):
        _check(lambda v: fakelib.total_of(v), "fakelib_rml.total_of")
    other = importlib.import_module("fakelib_rml.other")
    _check(lambda v: other.unrelated(3), "fakelib_rml.total_of")


def test_importing_or_other_modules_of_the_package_is_fine(fakelib):
    def answer(values):
        from fakelib_rml.other import CONSTANT
        return sum(values) + CONSTANT - 3
    _check(answer, "fakelib_rml._impl")


def test_an_allowed_function_may_use_blocked_code_inside(fakelib):
    _check(lambda v: fakelib.report(v)["total"], "fakelib_rml", allow=["fakelib_rml.report"])
    with pytest.raises(ShortcutError):   # but a direct call next to it is still caught
        _check(lambda v: fakelib.report(v)["total"] + fakelib.total_of(v) - 6, "fakelib_rml",
               allow=["fakelib_rml.report"])


def test_a_caught_error_does_not_hide_the_shortcut(fakelib):
    def answer(values):
        try:
            out = fakelib.total_of(values)
        except Exception:  # noqa: BLE001
            out = -1
        return out
    with pytest.raises(ShortcutError):
        _check(answer, "fakelib_rml")


def test_a_shortcut_in_a_failing_check_is_reported_as_the_shortcut(fakelib):
    with pytest.raises(ShortcutError) as err:
        _check(lambda v: fakelib.total_of(v) + 1, "fakelib_rml")
    assert isinstance(err.value.__cause__, AnswerError)


@pytest.mark.parametrize("how", ["profile off", "thread"])
def test_hiding_from_the_check_fails(fakelib, how):
    def answer(values):
        if how == "profile off":
            sys.setprofile(None)
            return fakelib.total_of(values)
        box = []
        t = threading.Thread(target=lambda: box.append(fakelib.total_of(values)))
        t.start()
        t.join()
        return box[0]
    with pytest.raises(ShortcutError) as err:
        _check(answer, "fakelib_rml")
    assert "[feedback id: outside-the-check]" in str(err.value)
    assert _OUTSIDE_THE_CHECK.split("{how}")[0].format(what="total") in str(err.value)



@pytest.mark.skipif(importlib.util.find_spec("_xxsubinterpreters") is None and
                    importlib.util.find_spec("_interpreters") is None, reason="no sub-interpreters")
def test_work_done_in_a_sub_interpreter_fails(fakelib):
    # review x07-r18 S2: code run in another interpreter of this process is invisible to the profiler
    try:
        import _xxsubinterpreters as interpreters
        run = interpreters.run_string
    except ImportError:  # pragma: no cover - Python 3.13
        import _interpreters as interpreters
        run = interpreters.exec

    def answer(values):
        iid = interpreters.create()
        try:
            run(iid, "total = 6")  # the work, done where the check cannot see it
        finally:
            interpreters.destroy(iid)
        return 6
    with pytest.raises(ShortcutError) as err:
        _check(answer, "fakelib_rml")
    assert "another Python interpreter" in str(err.value)
    assert "[feedback id: outside-the-check]" in str(err.value)

def test_real_library_sklearn_accuracy(fakelib):
    from sklearn.metrics import accuracy_score

    with pytest.raises(ShortcutError) as err:
        with no_shortcuts("sklearn.metrics", what="accuracy"):
            accuracy_score([1, 0], [1, 1])
    assert "accuracy_score" in str(err.value)


def test_unknown_names_are_an_error_but_missing_packages_are_skipped(fakelib):
    with pytest.raises(ValueError, match="no_shortcuts: cannot find"):
        no_shortcuts("fakelib_rml.no_such_function")
    _check(_by_hand, "fakelib_rml", "package_that_is_not_installed_rml")


def test_the_trusted_copy_has_the_guard(fakelib):
    t = trusted()
    assert t.no_shortcuts is not no_shortcuts
    with pytest.raises(AssertionError) as err:
        with t.no_shortcuts("fakelib_rml", what="total"):
            fakelib.total_of([1])
    assert type(err.value).__name__ == "ShortcutError"


def test_answer_wrapper_does_not_launder_a_shortcut(fakelib):
    from responsible_ml.feedback import answer

    with pytest.raises(ShortcutError):
        with no_shortcuts("fakelib_rml", "responsible_ml.feedback", what="total"):
            answer(fakelib.total_of, [1, 2], what="total")
    with no_shortcuts("fakelib_rml", "responsible_ml.feedback", what="total"):
        expect_equal(answer(_by_hand, [1, 2], what="total"), 3, what="total")


PASTE_NOT_IMPORTED = r'''
import ast, pathlib, sys
import pandas as pd
from responsible_ml.feedback import no_shortcuts, trusted
from responsible_ml.feedback._shortcuts import ShortcutError

assert not any(m.startswith(("responsible_ml.tradeoffs", "responsible_ml.privacy"))
               for m in sys.modules), "the exercise must not have imported them"
# The trainee pastes the library's own functions into an answer cell.
path = pathlib.Path(sys.argv[1]) / "tradeoffs" / "_frontier.py"
source = path.read_text()
wanted = {"_check_objectives", "_oriented", "pareto_mask"}
tree = ast.parse(source)
pasted = "\n\n".join(ast.get_source_segment(source, node) for node in tree.body
                     if isinstance(node, ast.FunctionDef) and node.name in wanted)
cell = {}
exec("import numpy as np\nimport pandas as pd\nfrom collections.abc import Mapping\n"
     "from responsible_ml._validation import NOT_A_FRAME, check_columns, check_in, "
     "check_no_nan, check_real\n_EMPTY_CANDIDATES = 'no candidates'\n" + pasted, cell)  # noqa: S102
mask = cell["pareto_mask"](pd.DataFrame({"accuracy": [0.8, 0.7], "gap": [0.1, 0.2]}),
                           {"accuracy": "max", "gap": "min"})
assert mask.tolist() == [True, False], mask  # the paste works as the library does
table = pd.DataFrame({"accuracy": [0.8, 0.7, 0.9], "gap": [0.1, 0.05, 0.2]})
objectives = {"accuracy": "max", "gap": "min"}
assert not any(m.startswith("responsible_ml.tradeoffs") for m in sys.modules)
for guard in (no_shortcuts, trusted().no_shortcuts):
    try:
        with guard("responsible_ml.tradeoffs", "responsible_ml.privacy", what="pareto_front"):
            cell["pareto_mask"](table, objectives)
    except ShortcutError as err:
        assert "a copy of its code" in str(err), err
    except AssertionError as err:  # the trusted copy's own ShortcutError class
        assert "a copy of its code" in str(err), err
    else:
        raise SystemExit("the pasted copy passed")
print("caught")
'''


def test_pasted_library_source_is_caught_when_the_package_was_never_imported(tmp_path):
    """A copy of ``pareto_mask`` pasted into a notebook that never imported tradeoffs."""
    import pathlib
    import subprocess

    import responsible_ml

    lib = pathlib.Path(responsible_ml.__file__).parent
    script = tmp_path / "paste.py"
    script.write_text(PASTE_NOT_IMPORTED)
    out = subprocess.run([sys.executable, str(script), str(lib)], capture_output=True, text=True,
                         timeout=120, env={**__import__("os").environ,
                                           "PYTHONPATH": str(lib.parent)})
    assert out.returncode == 0 and "caught" in out.stdout, out.stdout + out.stderr


def _hist_gradient_boosting():
    from sklearn.ensemble import HistGradientBoostingClassifier

    x = [[i % 7, i % 3] for i in range(60)]
    y = [i % 2 for i in range(60)]
    return HistGradientBoostingClassifier(max_iter=5).fit(x, y).predict(x)


def _forest_with_n_jobs():
    from sklearn.ensemble import RandomForestClassifier

    x = [[i % 7, i % 3] for i in range(60)]
    y = [i % 2 for i in range(60)]
    return RandomForestClassifier(n_estimators=4, n_jobs=2, random_state=0).fit(x, y).predict(x)


@pytest.mark.parametrize("model", [_hist_gradient_boosting, _forest_with_n_jobs])
def test_a_scikit_learn_model_may_start_its_own_threads_when_allowed(model):
    # Before ``parallel_in``, these legitimate models failed as "started a thread/process".
    with no_shortcuts("responsible_ml", what="model", parallel_in=("sklearn",)):
        model()
    with pytest.raises(ShortcutError, match="outside-the-check"):
        with no_shortcuts("responsible_ml", what="model"):       # default: unchanged
            _forest_with_n_jobs()


def _own_thread(values, fakelib):
    box = []
    t = threading.Thread(target=lambda: box.append(fakelib.total_of(values)))
    t.start()
    t.join()
    return box[0]


def _joblib_threads(values, fakelib):
    import joblib

    return joblib.Parallel(n_jobs=2, prefer="threads")(
        joblib.delayed(fakelib.total_of)(values) for _ in range(2))[0]


def _sklearn_parallel(values, fakelib):
    from sklearn.utils.parallel import Parallel, delayed

    return Parallel(n_jobs=2, prefer="threads")(delayed(fakelib.total_of)(values) for _ in range(2))[0]


def _own_thread_beside_a_model(values, fakelib):
    _forest_with_n_jobs()
    t = threading.Thread(target=lambda: None)
    list(map(threading.Thread.start, [t]))                   # started through a built-in
    t.join()
    return _own_thread(values, fakelib)


@pytest.mark.parametrize("route", [_own_thread, _joblib_threads, _sklearn_parallel,
                                   _own_thread_beside_a_model])
def test_parallel_in_does_not_let_the_answer_start_threads(fakelib, route):
    with pytest.raises(ShortcutError) as err:
        with no_shortcuts("fakelib_rml", what="total", parallel_in=("sklearn",)):
            route([1, 2, 3], fakelib)
    assert "[feedback id: outside-the-check]" in str(err.value)


def test_a_decorated_function_is_blocked_through_wrapped_and_by_its_own_name():
    # scipy.stats decorates most tests with one shared wrapper (``axis_nan_policy``): the
    # guard blocks the wrapped function, so ``f.__wrapped__`` is caught and other
    # functions with the same decorator are neither blocked nor named after it.
    from scipy.stats import kendalltau, mannwhitneyu, ttest_ind

    x, y = [1.0, 2.0, 3.0, 4.0], [2.5, 0.5, 1.5, 0.0]
    for route in (lambda: mannwhitneyu(x, y), lambda: mannwhitneyu.__wrapped__(x, y)):
        with pytest.raises(ShortcutError, match="`mannwhitneyu` is not available"):
            with no_shortcuts("scipy.stats.mannwhitneyu", what="auc"):
                route()
    with no_shortcuts("scipy.stats.mannwhitneyu", what="auc"):      # same decorator, not blocked
        ttest_ind(x, y)
    with pytest.raises(ShortcutError, match="`kendalltau` is not available"):
        with no_shortcuts("scipy.stats.mannwhitneyu", "scipy.stats.kendalltau", what="auc"):
            kendalltau(x, y)
    with no_shortcuts("sklearn.metrics.roc_auc_score", what="auc"):  # validate_params, shared
        __import__("sklearn.metrics", fromlist=["accuracy_score"]).accuracy_score([0, 1], [0, 1])
    # ``allow`` keeps what it allowed before (wrapper and wrapped function).
    with no_shortcuts("scipy.stats", what="auc", allow=("scipy.stats.ttest_ind",)):
        ttest_ind(x, y)


def test_a_compiled_function_of_a_blocked_package_is_caught():
    # scipy.spatial.distance.hamming's work is done by a private extension module; calling
    # that compiled function directly is still scipy.spatial computing the answer.
    import numpy as np
    from scipy.spatial import _distance_pybind

    x = np.array([[0.0, 1.0, 1.0]])
    with pytest.raises(ShortcutError, match="cdist_hamming"):
        with no_shortcuts("scipy.spatial", what="accuracy"):
            _distance_pybind.cdist_hamming(x, x)
    with no_shortcuts("scipy.spatial", allow=("scipy.spatial._distance_pybind",), what="a"):
        _distance_pybind.cdist_hamming(x, x)  # allowed by name
    with no_shortcuts("scipy.stats", what="accuracy"):
        np.sum(x)  # a compiled function of a package that is not blocked


def test_compiled_functions_called_by_an_allowed_function_are_fine():
    import numpy as np
    from scipy import stats

    with no_shortcuts("scipy.stats", allow=("scipy.stats.rankdata",), what="auc"):
        stats.rankdata(np.array([3.0, 1.0, 2.0, 2.0]))


def test_code_compiled_under_an_allowed_name_is_not_allowed():
    # An answer may compile its own function under the file and name of an allowed one;
    # what that function runs is still the answer's, so a blocked call inside it is caught.
    import numpy as np
    from scipy import stats

    source = ("def rankdata(a, b):\n"
              "    from scipy.stats import mannwhitneyu\n"
              "    return mannwhitneyu(a, b).statistic\n")
    namespace = {}
    exec(compile(source, stats.rankdata.__code__.co_filename, "exec"), namespace)
    fake = namespace["rankdata"]
    assert fake.__code__.co_filename == stats.rankdata.__code__.co_filename
    with pytest.raises(ShortcutError):
        with no_shortcuts("scipy.stats", allow=("scipy.stats.rankdata",), what="auc"):
            fake(np.array([1.0, 2.0]), np.array([0.0, 3.0]))
    with no_shortcuts("scipy.stats", allow=("scipy.stats.rankdata",), what="auc"):
        stats.rankdata(np.array([1.0, 2.0]))  # the genuine one stays allowed


def test_work_handed_to_a_thread_started_before_the_check_is_caught(fakelib, tmp_path):
    # The answer's own thread, started before the check, computes with the blocked library;
    # the checked function only hands the values over and waits (here by polling a list).
    source = (
        "import threading, time\n"
        "jobs, results = [], []\n"
        "def worker():\n"
        "    while True:\n"
        "        if jobs:\n"
        "            results.append(LIB.total_of(jobs.pop()))\n"
        "        if results and results[-1] is None:\n"
        "            return\n"
        "        time.sleep(0.001)\n"
        "thread = threading.Thread(target=worker, daemon=True)\n"
        "thread.start()\n"
        "def answer(values):\n"
        "    jobs.append(list(values))\n"
        "    while not results:\n"
        "        time.sleep(0.001)\n"
        "    return results.pop()\n"
    )
    namespace = {"LIB": fakelib}
    # compiled like a notebook cell: under a file name that exists nowhere on disk
    exec(compile(source, str(tmp_path / "ipykernel_0" / "cell.py"), "exec"), namespace)
    try:
        with pytest.raises(ShortcutError, match="thread of the notebook"):
            _check(namespace["answer"], "fakelib_rml")
    finally:
        namespace["results"].append(None)
        namespace["thread"].join(timeout=5)
    assert not namespace["thread"].is_alive()
    _check(_by_hand, "fakelib_rml")  # the thread is gone: an honest answer passes again


def test_work_handed_to_a_thread_from_a_module_the_notebook_wrote_is_caught(fakelib, tmp_path):
    # Review x03-r7 S1: the answer cell writes a module to disk, imports it, and the
    # module's daemon thread runs the blocked library; the file is on disk, but it was
    # written after the process started, so its thread is the notebook's own.
    (tmp_path / "helper_x03.py").write_text(
        "import threading, time\n"
        "jobs, results = [], []\n"
        "def start(lib):\n"
        "    def worker():\n"
        "        while True:\n"
        "            if jobs:\n"
        "                results.append(lib.total_of(jobs.pop()))\n"
        "            if results and results[-1] is None:\n"
        "                return\n"
        "            time.sleep(0.001)\n"
        "    t = threading.Thread(target=worker, daemon=True)\n"
        "    t.start()\n"
        "    return t\n"
        "def answer(values):\n"
        "    jobs.append(list(values))\n"
        "    while not results:\n"
        "        time.sleep(0.001)\n"
        "    return results.pop()\n")
    spec = importlib.util.spec_from_file_location("helper_x03", tmp_path / "helper_x03.py")
    helper = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helper)
    thread = helper.start(fakelib)
    try:
        with pytest.raises(ShortcutError, match="thread of the notebook"):
            _check(helper.answer, "fakelib_rml")
    finally:
        helper.results.append(None)
        thread.join(timeout=5)
    assert not thread.is_alive()


def test_a_pool_the_notebook_started_before_the_check_is_caught(fakelib, tmp_path):
    # Review x04-r8: the answer cell starts a ThreadPoolExecutor; its worker runs only the
    # standard library's and the blocked library's code, so no notebook frame is on its stack.
    source = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "pool = ThreadPoolExecutor(max_workers=1)\n"
        "pool.submit(int, 0).result()\n"
        "def answer(values):\n"
        "    return pool.submit(LIB.total_of, list(values)).result()\n"
    )
    namespace = {"LIB": fakelib}
    exec(compile(source, str(tmp_path / "ipykernel_1" / "cell.py"), "exec"), namespace)
    try:
        with pytest.raises(ShortcutError, match="thread of the notebook|handed work to a pool"):
            _check(namespace["answer"], "fakelib_rml")
    finally:
        namespace["pool"].shutdown(wait=True)
    _check(_by_hand, "fakelib_rml")  # the pool is gone: an honest answer passes again


def test_a_pool_a_library_started_is_not_the_notebooks(fakelib):
    # A pool started by code that was on disk before the process (a package, a test suite)
    # is the package's: an honest answer beside it passes.
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=1)
    try:
        pool.submit(int, 0).result()
        _check(_by_hand, "fakelib_rml")
    finally:
        pool.shutdown(wait=True)


def test_putting_back_the_thread_start_method_is_noticed(fakelib):
    from responsible_ml.feedback import _threadwatch

    hooked = threading.Thread.start
    threading.Thread.start = _threadwatch._STATE["original"]
    try:
        with pytest.raises(ShortcutError, match="thread check was switched off"):
            _check(_by_hand, "fakelib_rml")
    finally:
        threading.Thread.start = hooked
        _threadwatch._STATE.update(watch=hooked, switched_off=False)


# --- Child processes the notebook started before the check (review guardp) ------------------
# The answer cell starts a server before any test; inside the check the answer only sends its
# arguments to the server and reads back what the blocked library computed there.

_POPEN_SERVER = """
import pickle, subprocess, sys
SERVER = (
    "import pickle, sys\\n"
    "sys.path.insert(0, %(path)r)\\n"
    "import fakelib_rml\\n"
    "while True:\\n"
    "    try:\\n"
    "        values = pickle.load(sys.stdin.buffer)\\n"
    "    except EOFError:\\n"
    "        break\\n"
    "    pickle.dump(fakelib_rml.total_of(values), sys.stdout.buffer)\\n"
    "    sys.stdout.flush()\\n")
_SRV = subprocess.Popen([sys.executable, "-c", SERVER], stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE)
PID = _SRV.pid
def answer(values):
    pickle.dump(list(values), _SRV.stdin)
    _SRV.stdin.flush()
    return pickle.load(_SRV.stdout)
def stop():
    _SRV.stdin.close()
    _SRV.wait(timeout=30)
"""

_MP_SERVER = """
import multiprocessing, mpserve_rml
ctx = multiprocessing.get_context(%(kind)r)
here, there = ctx.Pipe()
P = ctx.Process(target=mpserve_rml.serve, args=(there,), daemon=True)
P.start()
PID = P.pid
def answer(values):
    here.send(list(values))
    return here.recv()
def stop():
    here.send(None)
    P.join(timeout=30)
"""

_MP_MODULE = """
import fakelib_rml
def serve(conn):
    while True:
        values = conn.recv()
        if values is None:
            return
        conn.send(fakelib_rml.total_of(values))
"""

_FORK_SERVER = """
import os, pickle
r1, w1 = os.pipe()
r2, w2 = os.pipe()
PID = %(fork)s()
if PID == 0:
    try:
        os.close(w1)
        os.close(r2)
        inp, out = os.fdopen(r1, "rb"), os.fdopen(w2, "wb")
        while True:
            values = pickle.load(inp)
            if values is None:
                break
            pickle.dump(LIB.total_of(values), out)
            out.flush()
    finally:
        os._exit(0)
os.close(r1)
os.close(w2)
TO, FROM = os.fdopen(w1, "wb"), os.fdopen(r2, "rb")
def answer(values):
    pickle.dump(list(values), TO)
    TO.flush()
    return pickle.load(FROM)
def stop():
    pickle.dump(None, TO)
    TO.close()
    os.waitpid(PID, 0)
"""


def _notebook_cell(source, tmp_path, fakelib):
    """Run ``source`` like a notebook cell: compiled under a file name that exists nowhere."""
    namespace = {"LIB": fakelib}
    exec(compile(source, str(tmp_path / "ipykernel_7" / "cell.py"), "exec"), namespace)
    return namespace


@pytest.mark.parametrize("route", ["Popen server", "multiprocessing fork", "multiprocessing spawn",
                                   "os.fork", "a start the watch does not see"])
def test_work_handed_to_a_process_started_before_the_check_is_caught(fakelib, tmp_path, route):
    if route == "Popen server":
        source = _POPEN_SERVER % {"path": str(tmp_path)}
    elif route.startswith("multiprocessing"):
        (tmp_path / "mpserve_rml.py").write_text(_MP_MODULE)
        source = _MP_SERVER % {"kind": route.split()[1]}
    else:   # the original fork (as if kept from before the watch): only /proc shows the child
        if route != "os.fork" and not os.path.exists("/proc/self/stat"):
            pytest.skip("needs /proc")
        source = _FORK_SERVER % {"fork": "os.fork" if route == "os.fork" else "os.fork.__wrapped__"}
    namespace = _notebook_cell(source, tmp_path, fakelib)
    try:
        assert namespace["answer"]([1, 2]) == 3              # the server computes
        with pytest.raises(ShortcutError) as err:
            _check(namespace["answer"], "fakelib_rml")
    finally:
        namespace["stop"]()
    message = str(err.value)
    assert f"pid {namespace['PID']}" in message
    assert "graded answers run in this kernel only" in message
    assert "[feedback id: outside-the-check]" in message
    _check(_by_hand, "fakelib_rml")  # the process is gone: an honest answer passes again


def test_the_process_check_also_runs_when_the_guard_ends(fakelib, tmp_path):
    # A process of the notebook alive when the check ends fails it too: here the notebook's
    # code starts it during the check in a thread that is not the notebook's (so neither the
    # profiler nor the thread check sees the start).
    namespace, go, done = {}, threading.Event(), threading.Event()

    def helper():
        go.wait(30)
        namespace.update(_notebook_cell(_POPEN_SERVER % {"path": str(tmp_path)}, tmp_path, fakelib))
        done.set()

    thread = threading.Thread(target=helper, daemon=True)
    thread.start()
    try:
        with pytest.raises(ShortcutError, match="graded answers run in this kernel only"):
            with no_shortcuts("fakelib_rml", what="total"):
                go.set()
                done.wait(30)
    finally:
        thread.join(30)
        namespace["stop"]()


def test_finished_processes_are_not_refused(fakelib, tmp_path):
    source = (
        "import os, subprocess, sys, time\n"
        "subprocess.run([sys.executable, '-c', 'pass'], check=True)\n"       # waited for
        "ZOMBIE = subprocess.Popen([sys.executable, '-c', 'pass'])\n"        # ended, not waited
        "deadline = time.monotonic() + 30\n"
        "while os.path.exists('/proc/self/stat') and time.monotonic() < deadline:\n"
        "    with open(f'/proc/{ZOMBIE.pid}/stat') as f:\n"
        "        if f.read().rsplit(')', 1)[1].split()[0] == 'Z':\n"
        "            break\n"
        "    time.sleep(0.01)\n"
    )
    namespace = _notebook_cell(source, tmp_path, fakelib)
    try:
        _check(_by_hand, "fakelib_rml")
    finally:
        namespace["ZOMBIE"].wait()


def test_a_librarys_own_worker_processes_are_not_the_notebooks(fakelib, tmp_path):
    # scikit-learn with n_jobs=2 starts loky worker processes (and loky's resource tracker)
    # that outlive the call; joblib called directly does the same. They are the library's.
    from responsible_ml.feedback import _threadwatch

    source = (
        "import joblib\n"
        "from sklearn.linear_model import LogisticRegression\n"
        "from sklearn.model_selection import cross_val_score\n"
        "X = [[i % 7, i % 3] for i in range(40)]\n"
        "y = [i % 2 for i in range(40)]\n"
        "scores = cross_val_score(LogisticRegression(), X, y, cv=2, n_jobs=2)\n"
        "squares = joblib.Parallel(n_jobs=2)(joblib.delayed(abs)(-i) for i in range(4))\n"
    )
    before = dict(_threadwatch.CHILDREN)
    _notebook_cell(source, tmp_path, fakelib)
    started = {pid: entry for pid, entry in _threadwatch.CHILDREN.items() if pid not in before}
    assert started and not any(notebook for notebook, _ in started.values())
    if os.path.exists("/proc/self/stat"):   # the workers are still there
        assert any(_threadwatch.proc_stat(pid)[0] != "Z"
                   for pid in set(started) & _threadwatch.live_children())
    _check(_by_hand, "fakelib_rml")


@pytest.mark.parametrize("prefer", ["processes", "threads"])
def test_work_handed_to_a_librarys_workers_started_before_the_check_is_caught(fakelib, prefer):
    # Review x05-r18 S1: joblib's workers, started once in the answer cell (outside any check), are
    # the library's, so no start is seen during the check; a task sent to them runs where the
    # profiler cannot follow. Sending it is what the check sees.
    import joblib

    pool = joblib.Parallel(n_jobs=2, prefer=prefer)
    pool(joblib.delayed(abs)(-i) for i in range(4))
    with pytest.raises(ShortcutError, match="outside-the-check") as err:
        with no_shortcuts("fakelib_rml", what="total"):
            pool(joblib.delayed(fakelib.total_of)([1, 2, 3]) for _ in range(1))
    # joblib's thread backend starts its threads anew for each call (caught as a start before this rule).
    assert prefer == "threads" or "handed work to a pool" in str(err.value)


def test_putting_back_an_original_process_start_is_noticed(fakelib):
    import _posixsubprocess

    from responsible_ml.feedback import _threadwatch

    hooked = _posixsubprocess.fork_exec
    _posixsubprocess.fork_exec = hooked.__wrapped__
    try:
        with pytest.raises(ShortcutError, match="process check was switched off"):
            _check(_by_hand, "fakelib_rml")
    finally:
        _posixsubprocess.fork_exec = hooked
        _threadwatch._PROC["switched_off"] = False
    _check(_by_hand, "fakelib_rml")


def test_a_thread_running_code_from_a_file_is_not_taken_for_the_notebooks(fakelib):
    # A test suite's (or a library's) own threads run code from files on disk, e.g. a
    # listener blocked in accept(); they do not make an honest answer fail.
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def accept():
        try:
            server.accept()
        except OSError:
            return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        _check(_by_hand, "fakelib_rml")
    finally:
        server.shutdown(socket.SHUT_RDWR)
        server.close()
        thread.join(timeout=5)


def test_code_the_answer_hands_to_an_allowed_function_is_judged_as_the_answers(fakelib):
    """An allowed function (or a course validator) that calls back into the answer's code
    does not make what that callback runs allowed (review x04-r6: a validator's predicate
    running the blocked function)."""
    from responsible_ml._validation import _check_real_where, check_in

    box = []
    with pytest.raises(ShortcutError, match="total_of"):
        with no_shortcuts("fakelib_rml", what="total"):
            _check_real_where(1.0, "x", lambda v: box.append(fakelib.total_of([1, 2])) or True, "m")
    with pytest.raises(ShortcutError, match="total_of"):
        with no_shortcuts("fakelib_rml", what="total"):
            check_in(3, (fakelib.total_of([1, 2]) for _ in range(1)), "x")
    with pytest.raises(ShortcutError, match="total_of"):
        with no_shortcuts("fakelib_rml", "responsible_ml", what="total"):
            check_in(3, map(fakelib.total_of, [[1, 2]]), "x")


def test_a_validator_called_by_the_answer_is_not_a_shortcut():
    """Argument checks compute no answer: a pasted library function keeps its checks."""
    import pandas as pd

    from responsible_ml._validation import check_columns

    with no_shortcuts("responsible_ml", what="total"):
        check_columns(pd.DataFrame({"a": [1]}), ["a"])


def test_the_course_helpers_that_compute_are_not_exempt():
    """``within``/``exceeds`` compute a comparison a question may ask for (review x07-r6)."""
    from responsible_ml._validation import check_real, within

    with pytest.raises(ShortcutError, match="within"):
        with no_shortcuts("responsible_ml", what="inside the limit"):
            within(0.1, 0.2)
    with no_shortcuts("responsible_ml", what="a number"):   # its private helpers stay exempt
        check_real(0.5, "x", low=0.0, high=1.0)


def test_blocking_the_whole_of_scipy_sets_up_and_refuses_it():
    # Fixers x01i / x07i: no_shortcuts("scipy") ran into a RecursionError in _codes_of (an
    # object whose attributes lead on and on, a ctypes type of scipy._lib) once scipy.stats
    # and scikit-learn were imported.
    np = pytest.importorskip("numpy")
    stats = pytest.importorskip("scipy.stats")
    pytest.importorskip("sklearn.linear_model")
    with no_shortcuts("scipy", what="ranks"):
        sorted([3, 1, 2])
    with pytest.raises(ShortcutError):
        with no_shortcuts("scipy", what="ranks"):
            stats.rankdata(np.array([1.0, 2.0]))


def test_a_blocked_cython_function_is_caught_by_every_route_and_put_back():
    # Review x02-r8 S2: the C profiler never reports a Cython function (pandas' rank_1d), so a
    # direct call passed. Named as blocked, it is swapped for a stand-in the profiler sees while the
    # check runs, wherever a dict, list, cell, default or partial holds it; afterwards it is put back.
    import functools

    np = pytest.importorskip("numpy")
    algos = pytest.importorskip("pandas._libs.algos")
    original = algos.rank_1d
    v = np.array([3.0, 1.0, 1.0, 2.0])
    holder = types.SimpleNamespace(rank=original)
    saved, listed, part = original, [original], functools.partial(original)

    def with_default(x, rank=original):
        return rank(x)

    def closure():
        f = original
        return lambda x: f(x)

    inner = closure()
    routes = {"module attribute": lambda: algos.rank_1d(v), "saved name": lambda: saved(v),
              "getattr": lambda: getattr(algos, "rank" + "_1d")(v), "default argument": lambda: with_default(v),
              "closure": lambda: inner(v), "list": lambda: listed[0](v), "partial": lambda: part(v),
              "instance attribute": lambda: holder.rank(v)}
    missed = []
    for route, call in routes.items():
        try:
            with no_shortcuts("pandas._libs.algos.rank_1d", what="auc"):
                call()
        except ShortcutError as err:
            assert "`rank_1d`" in str(err), (route, str(err))
        else:
            missed.append(route)
    assert not missed, f"routes to rank_1d that pass: {missed}"
    assert algos.rank_1d is original and listed[0] is original and part.func is original
    assert with_default.__defaults__[0] is original and holder.rank is original
    assert inner.__closure__[0].cell_contents is original
    with no_shortcuts("pandas._libs.algos.rank_1d", what="auc"):   # other work, and NumPy's sort
        np.argsort(np.argsort(v))
    assert list(algos.rank_1d(v)) == [4.0, 1.5, 1.5, 3.0]
    with pytest.raises(AssertionError, match="rank_1d"):   # the trusted copy (its own ShortcutError class) too
        with trusted().no_shortcuts("pandas._libs.algos.rank_1d", what="auc"):
            saved(v)


def test_a_blocked_numpy_ufunc_is_caught_through_a_stand_in_and_put_back():
    # Review x06-r9 S1: scipy.special's ufuncs (rel_entr) leave no profiler entry either, and a
    # search for their names misses getattr(scipy.special, "rel" + "_entr"). Named as blocked,
    # a ufunc is swapped for a stand-in like a Cython function.
    np = pytest.importorskip("numpy")
    special = pytest.importorskip("scipy.special")
    original = special.rel_entr
    saved = special.__dict__["kl_div"]
    a, e = np.array([0.2, 0.8]), np.array([0.5, 0.5])
    routes = {"getattr": lambda: getattr(special, "rel" + "_entr")(a, e), "saved name": lambda: saved(a, e),
              "module attribute": lambda: special.entr(a)}
    missed = []
    for route, call in routes.items():
        try:
            with no_shortcuts("scipy.special.rel_entr", "scipy.special.kl_div", "scipy.special.entr", what="psi"):
                call()
        except ShortcutError as err:
            assert "not available" in str(err), (route, str(err))
        else:
            missed.append(route)
    assert not missed, f"routes to scipy.special's ufuncs that pass: {missed}"
    assert special.rel_entr is original and type(special.rel_entr) is np.ufunc and saved is special.kl_div
    with no_shortcuts("scipy.special.rel_entr", what="psi"):   # NumPy's own ufuncs are not touched
        assert np.allclose((a - e) * np.log(a / e), original(a, e) + original(e, a))


def test_a_blocked_compiled_function_in_an_immutable_container_is_caught_and_put_back():
    # Review x06-r11 S1: a tuple or frozenset made before the check (`_OPS = (rel_entr,)`) cannot
    # be changed in place; it is rebuilt with the stand-in and swapped where it is held.
    import collections

    np = pytest.importorskip("numpy")
    special = pytest.importorskip("scipy.special")
    original = special.rel_entr
    a, e = np.array([0.2, 0.8]), np.array([0.5, 0.5])
    ops, fs = (original,), frozenset([original])
    named = collections.namedtuple("Ops", "f")(original)
    nested = ((original, 1), 2)

    def with_default(x, y, _ops=(original,)):
        return _ops[0](x, y)

    def closure():
        held = (original,)
        return lambda x, y: held[0](x, y)

    inner = closure()
    routes = {"tuple": lambda: ops[0](a, e), "frozenset": lambda: next(iter(fs))(a, e),
              "namedtuple": lambda: named.f(a, e), "nested tuple": lambda: nested[0][0](a, e),
              "default argument": lambda: with_default(a, e), "closure": lambda: inner(a, e)}
    missed = []
    for route, call in routes.items():
        for guard in (no_shortcuts, trusted().no_shortcuts):
            try:
                with guard("scipy.special.rel_entr", what="psi"):
                    call()
            except AssertionError as err:
                assert "`rel_entr`" in str(err), (route, str(err))
            else:
                missed.append(route)
    assert not missed, f"routes to rel_entr that pass: {missed}"
    assert ops[0] is original and next(iter(fs)) is original and named.f is original
    assert nested[0][0] is original and with_default.__defaults__[0][0] is original
    assert inner.__closure__[0].cell_contents[0] is original
    with no_shortcuts("scipy.special.rel_entr", what="psi"):   # other work still passes
        assert np.all(np.isfinite((a - e) * np.log(a / e)))




# Review x05-r12 S1: a specialisation of a fused Cython function (`f.__signatures__[key]`, what
# `f["int64_t", "float64_t"]` returns), saved before the check, is another object than `f`: swapping `f`
# missed it and compiled code never shows in the profiler. So did a bound form (`f.__call__`,
# a ufunc's `outer`) and the `__signatures__` dict itself. Each must be caught, named in the message,
# and put back. Task x05y: the first fix also put a Python stand-in INSIDE the fused function's
# `__signatures__`, which Cython's dispatch reads as a fused function without a type check: calling the
# fused function during the check (here through its bound `__call__`) segfaulted the interpreter.
# The scenario runs in a fresh interpreter, so that a regression fails this test instead of killing
# the pytest (or xdist) worker; it also calls the fused function itself inside every check.
OTHER_HANDLES = r"""
import numpy as np
from sklearn.preprocessing import _target_encoder_fast as fast
import scipy.special as special
from responsible_ml.feedback import no_shortcuts, trusted

fused = fast._fit_encoding_fast
specialised = fused.__signatures__["int64_t|float64_t"]
by_index = fused["int64_t", "float64_t"]
signatures = fused.__signatures__
call, outer = fused.__call__, special.rel_entr.outer
codes, target = np.array([[0], [1], [1]], dtype=np.int64), np.array([1.0, 0.0, 1.0])


def encode(f):
    return f(codes, target, np.array([2], dtype=np.int64), 0.0, 2 / 3)


a, e = np.array([0.2, 0.8]), np.array([0.5, 0.5])
routes = {"__signatures__ value": (lambda: encode(specialised), "_fit_encoding_fast", "same compiled code"),
          "f[int64_t, float64_t]": (lambda: encode(by_index), "_fit_encoding_fast", "same compiled code"),
          "f.__call__": (lambda: encode(call), "_fit_encoding_fast", "same compiled code"),
          "saved __signatures__ dict": (lambda: encode(signatures["int64_t|float64_t"]),
                                        "_fit_encoding_fast", "same compiled code"),
          "__signatures__ at call time": (lambda: encode(fast._fit_encoding_fast.__signatures__["int64_t|float64_t"]),
                                          "__signatures__", "compiled specialisations"),
          "ufunc.outer": (lambda: outer(a, e), "rel_entr", "same compiled code")}
spec = {"_fit_encoding_fast": "sklearn.preprocessing._target_encoder_fast._fit_encoding_fast",
        "rel_entr": "scipy.special.rel_entr"}
missed, wrong = [], []
for route, (run, name, says) in routes.items():
    for guard in (no_shortcuts, trusted().no_shortcuts):
        block = spec.get(name, spec["_fit_encoding_fast"])
        try:
            with guard(block, what="shares"):
                run()
        except AssertionError as err:
            if f"`{name}`" not in str(err) or says not in str(err):
                wrong.append((route, str(err)))
        else:
            missed.append(route)
        # put back: the fused function, its specialisations and the module attribute
        assert fused.__signatures__ is signatures and signatures["int64_t|float64_t"] is specialised, route
        assert fast._fit_encoding_fast is fused, route
assert not missed, f"handles on a blocked compiled function that pass: {missed}"
assert not wrong, wrong
# The fused function's own dispatch, run inside a check (where the old fix crashed): still caught,
# and the stand-ins never reached its `__signatures__` (a set is a holder the guard leaves alone).
untouched, fused_type = {fused}, type(specialised)
for guard in (no_shortcuts, trusted().no_shortcuts):
    try:
        with guard(spec["_fit_encoding_fast"], what="shares"):
            inner = next(iter(untouched)).__signatures__
            assert all(type(v) is fused_type for v in inner.values()), inner
            assert np.allclose(encode(call)[0], [1.0, 0.5])
            assert np.allclose(encode(fused)[0], [1.0, 0.5])
    except AssertionError as err:
        assert "`_fit_encoding_fast`" in str(err), str(err)
    else:
        raise SystemExit("the fused function itself passed")
assert np.allclose(encode(specialised)[0], [1.0, 0.5]) and np.allclose(encode(fused)[0], [1.0, 0.5])
with no_shortcuts(spec["_fit_encoding_fast"], what="shares"):   # the same shares by hand pass
    assert np.allclose(np.bincount(codes[:, 0], weights=target) / np.bincount(codes[:, 0]), [1.0, 0.5])
print("caught")
"""


def test_other_handles_on_a_blocked_compiled_function_are_caught_and_put_back(tmp_path):
    import pathlib
    import subprocess

    import responsible_ml

    pytest.importorskip("sklearn.preprocessing._target_encoder_fast")
    pytest.importorskip("scipy.special")
    lib = pathlib.Path(responsible_ml.__file__).parent
    script = tmp_path / "other_handles.py"
    script.write_text(OTHER_HANDLES)
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=300, env={**os.environ, "PYTHONPATH": str(lib.parent)})
    assert out.returncode == 0 and out.stdout.strip().endswith("caught"), (
        f"exit code {out.returncode} (a negative one is a signal: -11 a segfault)\n{out.stdout}{out.stderr}")


# Importing is not computing (review x01-r7): the first import of a blocked package inside the
# check runs its module code (fairlearn's metrics/__init__.py calls make_derived_metric).
FIRST_IMPORT = r'''
import os, sys
from responsible_ml.feedback import no_shortcuts, trusted
from responsible_ml.feedback._shortcuts import ShortcutError

assert "fairlearn" not in sys.modules, "the import must be the first one"
mode = sys.argv[1]
y_true, y_pred = [1, 0, 1, 1], [1, 0, 0, 1]


def unused(y_true, y_pred):
    from fairlearn.metrics import MetricFrame  # noqa: F401 - imported, never called
    return sum(int(t == p) for t, p in zip(y_true, y_pred)) / len(y_true)


def called(y_true, y_pred):
    from fairlearn.metrics import MetricFrame
    return MetricFrame(metrics=lambda t, p: 0.0, y_true=y_true, y_pred=y_pred,
                       sensitive_features=[0, 1, 0, 1]).overall


def fake_body(y_true, y_pred):
    # code compiled under the package's own file name is not the package's module body
    import importlib.util
    path = importlib.util.find_spec("fairlearn").origin
    space = {"__name__": "fairlearn", "y_true": y_true, "y_pred": y_pred}
    exec(compile("from fairlearn.metrics import selection_rate\nOUT = selection_rate(y_true, y_pred)",
                 path, "exec"), space)
    return space["OUT"]


guard = trusted().no_shortcuts if mode.endswith("trusted") else no_shortcuts
answer = {"unused": unused, "unused-trusted": unused, "called": called, "fake-body": fake_body}[mode]
try:
    with guard("sklearn.metrics", "responsible_ml", "fairlearn", "scipy.stats", what="accuracy"):
        answer(y_true, y_pred)
except AssertionError as err:   # ShortcutError, or the trusted copy's own class
    print("refused:", err)
else:
    print("passed")
'''


@pytest.mark.parametrize("mode, expected", [("unused", "passed"), ("unused-trusted", "passed"),
                                            ("called", "refused"), ("fake-body", "refused")])
def test_the_first_import_of_a_blocked_package_is_not_a_shortcut(tmp_path, mode, expected):
    """(a) an unused import passes; (b) import + call, or code passed off as the package's
    module body, is refused. A fresh interpreter, so that the import is the first one."""
    import pathlib
    import subprocess

    import responsible_ml

    pytest.importorskip("fairlearn")
    lib = pathlib.Path(responsible_ml.__file__).parent
    script = tmp_path / "first_import.py"
    script.write_text(FIRST_IMPORT)
    out = subprocess.run([sys.executable, str(script), mode], capture_output=True, text=True,
                         timeout=300, env={**os.environ, "PYTHONPATH": str(lib.parent)})
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.startswith(expected), out.stdout + out.stderr
    if mode == "called":
        assert "MetricFrame" in out.stdout, out.stdout


def test_a_module_the_notebook_wrote_is_judged_when_imported(fakelib, tmp_path):
    """(c) a module body the notebook wrote, or its own import hook, is the answer's code."""
    (tmp_path / "nbmod_rml.py").write_text("from fakelib_rml import total_of\nRESULT = total_of([1, 2, 3])\n")
    sys.modules.pop("nbmod_rml", None)

    def by_module(values):
        import nbmod_rml
        return nbmod_rml.RESULT

    try:
        with pytest.raises(ShortcutError, match="total_of"):
            _check(by_module, "fakelib_rml")
    finally:
        sys.modules.pop("nbmod_rml", None)

    class Loader(importlib.abc.Loader):
        def create_module(self, spec):
            return None

        def exec_module(self, module):
            module.RESULT = fakelib.total_of([1, 2, 3])

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            return importlib.util.spec_from_loader(name, Loader()) if name == "hooked_rml" else None

    def by_hook(values):
        import hooked_rml
        return hooked_rml.RESULT

    sys.meta_path.insert(0, Finder())
    try:
        with pytest.raises(ShortcutError, match="total_of"):
            _check(by_hook, "fakelib_rml")
    finally:
        del sys.meta_path[0]
        sys.modules.pop("hooked_rml", None)


# --- Near copies (reviews x02-r11 S1, x07-r11 S1): an *edited* copy of a blocked function ---------------

_OWN_AUC_TAIL = '''
def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    m = np.asarray(is_member, dtype=bool)
    fps, tps, _ = _my_curve(m.astype(int), v)
    fpr = np.r_[0.0, fps / fps[-1]]
    tpr = np.r_[0.0, tps / tps[-1]]
    auc = float(np.trapezoid(tpr, fpr))
    return max(auc, 1 - auc)
'''
_CURVE_IMPORTS = ("from sklearn.metrics._ranking import (type_of_target, check_consistent_length, "
                  "column_or_1d, assert_all_finite, _check_sample_weight, _check_pos_label_consistency, "
                  "stable_cumsum)\n")


def _curve_source(*edits):
    from sklearn.metrics import _ranking

    src = inspect.getsource(_ranking._binary_clf_curve).replace("_binary_clf_curve", "_my_curve")
    for old, new in edits:
        assert old in src, old
        src = src.replace(old, new, 1)
    return src


def _edited_curve(route):
    """An answer cell that builds ``membership_auc`` on an edited copy of sklearn's _binary_clf_curve."""
    if route == "exec(getsource + a no-op line)":           # review x02-r11 S1, as the reviewer did it
        return ('import inspect as _insp\nimport sklearn.metrics._ranking as _rk\n'
                '_src = _insp.getsource(_rk._binary_clf_curve)\n'
                '_src = _src.replace("    y_type = ", "    _my_note = 1\\n    y_type = ", 1)\n'
                '_ns = dict(vars(_rk))\nexec(_src, _ns)\n_my_curve = _ns["_binary_clf_curve"]\n' + _OWN_AUC_TAIL)
    if route == "pasted, a local renamed and a line changed":
        src = _curve_source(("distinct_value_indices", "cuts"), ("distinct_value_indices", "cuts"),
                            ("y_score = y_score[desc_score_indices]", "y_score = y_score.take(desc_score_indices)"))
        return _CURVE_IMPORTS + src + _OWN_AUC_TAIL
    if route == "pasted, three lines added and one removed":
        src = _curve_source(("    # sort scores and", "    _n = len(y_true)\n    # sort scores and"),
                            ("    # accumulate the true", "    _seen = [_n]\n    # accumulate the true"),
                            ("    return fps, tps,", "    _seen.append(_n)\n    return fps, tps,"),
                            ("    assert_all_finite(y_true)\n", ""))
        return _CURVE_IMPORTS + src + _OWN_AUC_TAIL
    if route == "pasted with numpy imported under another name":   # as review x03-r13 S5 did it
        src = _curve_source().replace("np.", "numpy_.")
        return "import numpy as numpy_\n" + _CURVE_IMPORTS + src + _OWN_AUC_TAIL
    raise AssertionError(route)


def _run_auc(source, guard):
    import numpy as np

    cell = {"np": np}
    exec(compile(source, "/tmp/ipykernel_0/123.py", "exec"), cell)  # a notebook cell's file name
    rng = np.random.default_rng(0)
    values, members = rng.normal(size=100), rng.random(100) < 0.4
    with guard("responsible_ml", "fairlearn", "sklearn.metrics", "scipy.stats", what="membership_auc"):
        return cell["membership_auc"](values, members)


@pytest.mark.parametrize("route", ["exec(getsource + a no-op line)", "pasted, a local renamed and a line changed",
                                   "pasted, three lines added and one removed",
                                   "pasted with numpy imported under another name"])
def test_an_edited_copy_of_a_blocked_function_is_refused(route):
    pytest.importorskip("sklearn")
    for guard in (no_shortcuts, trusted().no_shortcuts):
        with pytest.raises(AssertionError) as err:
            _run_auc(_edited_curve(route), guard)
        assert type(err.value).__name__ == "ShortcutError", err.value
        assert "`_binary_clf_curve`" in str(err.value) and "an edited copy of its code" in str(err.value), err.value


def test_an_own_implementation_of_the_same_idea_is_accepted():
    """The ROC curve by thresholds, written by hand: the same idea as sklearn's, not its code."""
    pytest.importorskip("sklearn")
    own = '''
def membership_auc(values, is_member):
    v = np.asarray(values, dtype=float)
    y = np.asarray(is_member, dtype=bool)
    order = np.argsort(v, kind="mergesort")[::-1]
    v, y = v[order], y[order].astype(float)
    last = np.r_[np.where(np.diff(v))[0], len(v) - 1]
    tps = np.cumsum(y)[last]
    fps = (1 + last) - tps
    fpr = np.r_[0.0, fps / fps[-1]]
    tpr = np.r_[0.0, tps / tps[-1]]
    auc = float(np.trapezoid(tpr, fpr))
    return max(auc, 1 - auc)
'''
    results = [_run_auc(own, guard) for guard in (no_shortcuts, trusted().no_shortcuts)]
    assert results[0] == results[1] and 0.5 <= results[0] <= 1


def test_a_short_library_helper_retyped_is_no_edited_copy():
    """A library function under the size limit (``_oriented``: three lines) inlined in an answer is
    what a trainee who knows the idea writes (exercise 07's reference answer does)."""
    from responsible_ml.feedback._shortcuts import _Rules

    answer = '''
def domination_count(candidates, objectives):
    values = np.column_stack([candidates[c].to_numpy(dtype=float) * (1.0 if d == "max" else -1.0)
                              for c, d in objectives.items()])
    counts = [sum(bool(np.all(values[j] >= values[i]) and np.any(values[j] > values[i]))
                  for j in range(len(candidates)) if j != i) for i in range(len(candidates))]
    return pd.Series(counts, index=candidates.index, dtype=int)
'''
    code = next(c for c in compile(answer, "<cell>", "exec").co_consts if isinstance(c, types.CodeType))
    assert _Rules(("responsible_ml",), ()).near_copy_of(code) is None


def test_a_cached_compile_is_read_as_its_source_files_code(tmp_path, monkeypatch):
    """``compileall`` with a relative folder (as ``make test`` runs it) stores relative file
    names in the cache; read back, every code object names the source file, as an import would."""
    import compileall

    from responsible_ml.feedback._shortcuts import _compiled, _nested

    (tmp_path / "pkg").mkdir()
    source = tmp_path / "pkg" / "mod.py"
    source.write_text("def outer():\n    def inner():\n        return 1\n    return inner\n")
    monkeypatch.chdir(tmp_path)
    assert compileall.compile_dir("pkg", quiet=1)
    code = _compiled(str(source))
    names = {c.co_name: c.co_filename for c in _nested(code)}
    assert set(names) >= {"outer", "inner"}, names
    assert set(names.values()) == {str(source)}, names


# ------------------------------------------------------------- review x03-r18 S1: a test cell's own code
# A notebook run as run_notebook_cells runs it: every cell compiled under its own name, one namespace.
_SETUP_X03R18 = "from responsible_ml.feedback import answer, expect_equal, no_shortcuts\n"
_ANSWER_SCAN = '''
def total(values):
    for name, value in list(globals().items()):
        if name.startswith("_t99") and callable(value):
            try:
                return value(values)
            except Exception:
                continue
    return 0
'''
_ANSWER_OWN = '''
def _my_sum(values):
    return sum(values)


def total(values):
    return _my_sum(values)
'''
#: A hidden test that binds its reference helper before it calls the answer (the instance of the review).
_TEST_REFERENCE_BEFORE = '''
def _t99h_reference(values):
    return sum(values)


with no_shortcuts("fakelib_rml", what="total"):
    _t99h_got = answer(total, [1, 2, 3], what="total")
expect_equal(_t99h_got, _t99h_reference([1, 2, 3]), what="total")
'''


def _notebook(tag, *cells):
    """Run (name, source) cells in one namespace, as a notebook; the failure of the last, or None."""
    namespace = {"__name__": "__main__"}
    for name, source in cells:
        try:
            exec(compile(source, f"<{tag}-{name}>", "exec", dont_inherit=True), namespace)  # noqa: S102
        except AssertionError as error:
            if name == cells[-1][0]:
                return str(error)
            raise
    return None


def test_an_answer_that_runs_the_tests_reference_helper_fails(fakelib):
    got = _notebook("scan", ("setup", _SETUP_X03R18), ("answer", _ANSWER_SCAN), ("test", _TEST_REFERENCE_BEFORE))
    assert got is not None and "code of this notebook's test cells" in got and "`_t99h_reference`" in got, got
    assert "compute it yourself" in got and "globals()" in got


def test_an_answer_with_its_own_helpers_passes(fakelib):
    assert _notebook("own", ("setup", _SETUP_X03R18), ("answer", _ANSWER_OWN), ("test", _TEST_REFERENCE_BEFORE)) is None


def test_a_helper_of_an_earlier_test_cell_is_refused_too(fakelib):
    earlier = '''
def _t99_helper(values):
    return sum(values)


with no_shortcuts("fakelib_rml", what="total"):
    answer(len, [1], what="len")
'''
    later = '''
with no_shortcuts("fakelib_rml", what="total"):
    _t99_got = answer(total, [1, 2, 3], what="total")
'''
    got = _notebook("earlier", ("setup", _SETUP_X03R18), ("answer", _ANSWER_SCAN), ("test1", earlier), ("test2", later))
    assert got is not None and "`_t99_helper`" in got, got


def test_a_frame_walk_to_the_tests_locals_fails(fakelib):
    frames = '''
import sys


def total(values):
    frame = sys._getframe(1)
    while frame is not None:
        helper = frame.f_locals.get("reference")
        if callable(helper):
            return helper(values)
        frame = frame.f_back
    return 0
'''
    test = '''
def _t99h_grade():
    def reference(values):
        return sum(values)

    with no_shortcuts("fakelib_rml", what="total"):
        got = answer(total, [1, 2, 3], what="total")
    expect_equal(got, reference([1, 2, 3]), what="total")


_t99h_grade()
'''
    got = _notebook("frames", ("setup", _SETUP_X03R18), ("answer", frames), ("test", test))
    assert got is not None and "`reference`" in got, got


def test_what_the_test_hands_the_answer_is_the_answers_to_call(fakelib):
    # A callback, a lambda and an object of the test's own class, passed as arguments; and a correct stand-in
    # bound under the answer's public name while the check runs (review x03-r15 D1's lent metrics_by_subgroup).
    answer_cell = '''
def apply_all(values, f, g, model):
    return f(values) + g(values) + model.predict(values) + helper(values)


def helper(values):
    return 0
'''
    test = '''
def _t99_double(values):
    return 2 * sum(values)


class _T99Model:
    def predict(self, values):
        return len(values)


def _t99_stand_in(values):
    return 1


_t99_model, _t99_saved = _T99Model(), helper
helper = _t99_stand_in
try:
    with no_shortcuts("fakelib_rml", what="apply_all"):
        _t99_got = answer(apply_all, [1, 2, 3], _t99_double, lambda v: max(v), _t99_model, what="apply_all")
        _t99_got2 = answer(apply_all, [1, 2, 3], _t99_double, lambda v: max(v), _T99Model(), what="apply_all")
finally:
    helper = _t99_saved
expect_equal(_t99_got, 12 + 3 + 3 + 1, what="apply_all")
expect_equal(_t99_got2, 12 + 3 + 3 + 1, what="apply_all")
'''
    assert _notebook("handed", ("setup", _SETUP_X03R18), ("answer", answer_cell), ("test", test)) is None


def test_a_test_helper_the_answer_bound_under_a_public_name_is_not_lent_later(fakelib):
    answer_cell = '''
def total(values):
    g = globals()
    if "borrowed" in g:
        return g["borrowed"](values)
    if "_t99h_reference" in g:
        g["borrowed"] = g["_t99h_reference"]   # bound in this check, called in the next
    return sum(values)
'''
    first = '''
def _t99h_reference(values):
    return sum(values)


with no_shortcuts("fakelib_rml", what="total"):
    _t99_first = total([1])
'''
    second = '''
with no_shortcuts("fakelib_rml", what="total"):
    _t99_second = answer(total, [1, 2, 3], what="total")
'''
    got = _notebook("taint", ("setup", _SETUP_X03R18), ("answer", answer_cell), ("first", first), ("second", second))
    assert got is not None and "`_t99h_reference`" in got, got


def test_a_reference_the_test_itself_calls_inside_the_check_is_not_handed_to_the_answer(fakelib):
    # As exercise 05's hidden proxy_auc test: its reference is called inside the with block, never passed on.
    test = '''
def _t99h_reference(values):
    return sum(values)


def _t99h_make_scorer():
    def scorer(values):
        return len(values)
    return scorer


with no_shortcuts("fakelib_rml", what="total"):
    _t99h_got = answer(total, [1, 2, 3], what="total")
    expect_equal(_t99h_got, _t99h_reference([1, 2, 3]), what="total")
    _t99h_scorer = _t99h_make_scorer()
'''
    got = _notebook("called", ("setup", _SETUP_X03R18), ("answer", _ANSWER_SCAN), ("test", test))
    assert got is not None and "`_t99h_reference`" in got, got
