"""A warm kernel: one IPython kernel that runs many notebooks, each in a clean namespace.

Starting a kernel and importing pandas, matplotlib and this package costs about a second; doing it
once per build thread instead of once per report is most of what makes ``jnjp build`` fast.

What "clean" means here (so that a report built after another is byte-identical to one built
alone; ``tests/build/test_build_cache.py`` checks it):

* the user namespace, ``In``/``Out`` history and the execution count are reset
  (``InteractiveShell.reset(new_session=True)``), so cell numbers start at 1 again;
* the warning filters are restored to what they were when the kernel started, and the registries
  of warnings already shown are invalidated (``warnings._filters_mutated``), so a warning one
  report triggered is shown again in the next — and so fails it (reports.check_clean);
* the working directory and matplotlib's rcParams are restored (the chart theme is applied afresh
  by ``charts.setup()``, which checks the live settings);
* imported modules stay imported: that is the point. Their module-level caches hold pure
  functions of files, and a build does not change files under a running build.

The kernel talks over IPC sockets in a private temp folder (no TCP port to race for, papermill#239
and #511), removed when the kernel stops. A kernel that died is started again for the next report.
Parameters follow papermill: ``inspect_notebook`` lists a template's parameters (the build refuses
unknown ones before running) and ``parameterize_notebook`` injects the cell tagged
``injected-parameters`` after the ``parameters`` cell.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from typing import Any

from jnjp_analysis.checks import JnjpError
from jnjp_analysis.errors import KernelError

_WARM_UP = r"""
import os as _os, sys as _sys, types as _types, warnings as _warnings
import matplotlib as _mpl
_b = _types.ModuleType("_jnjp_warm")
_b.filters = list(_warnings.filters)
_b.cwd = _os.getcwd()
_b.rc = dict(_mpl.rcParams)
_sys.modules["_jnjp_warm"] = _b
import numpy, pandas, seaborn, IPython.display  # noqa: F401  (the imports every report pays for)
import jnjp_analysis.pages.briefing  # noqa: F401
import jnjp_analysis.pages.display as _d
_d.use_vector_charts()  # built pages inline SVG charts set in their embedded font (display.show)
del _d
"""

_RESET = r"""
get_ipython().reset(new_session=True)
import os as _os, sys as _sys, warnings as _warnings
_b = _sys.modules["_jnjp_warm"]
_warnings.filters[:] = _b.filters
_warnings.onceregistry.clear()
_warnings._filters_mutated()
_os.chdir(_b.cwd)
import matplotlib as _mpl
dict.update(_mpl.rcParams, _b.rc)  # charts.setup() sees the theme gone and applies it afresh
del _os, _sys, _warnings, _b, _mpl
"""


def _ipc_kernel_manager():
    from jupyter_client.manager import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        """A kernel over IPC sockets in a private temp folder (no TCP ports to race for)."""

        def __init__(self, **kw: Any) -> None:
            super().__init__(**kw)
            self._jnjp_dir = tempfile.mkdtemp(prefix=f"jnjp-k-{os.getpid()}-")  # whose it is, for clean-up checks
            self.transport = "ipc"
            self.connection_file = os.path.join(self._jnjp_dir, "kernel.json")

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            await super()._async_cleanup_resources(restart=restart)
            if not restart:
                shutil.rmtree(self._jnjp_dir, ignore_errors=True)

    return IPCKernelManager(kernel_name="python3")


class WarmKernel:
    """One kernel, many notebooks. Not thread-safe: use one per thread.

    Parameters
    ----------
    cwd : str
        The kernel's working directory (and the notebooks' ``metadata.path``).
    timeout : int
        Seconds a cell may run before it fails.
    startup_timeout : int
        Seconds the kernel may take to start, or to answer a set-up request.

    Attributes
    ----------
    cwd : str
        The kernel's working directory.
    timeout : int
        Seconds a cell may run.
    startup_timeout : int
        Seconds allowed for start-up and set-up.
    km : Any
        The kernel manager, None while no kernel runs.
    kc : Any
        The kernel client, None while no kernel runs.
    runs : int
        Notebooks run since the kernel (re)started.
    """

    def __init__(self, cwd: str, timeout: int = 600, startup_timeout: int = 120) -> None:
        self.cwd = str(cwd)
        self.timeout = timeout
        self.startup_timeout = startup_timeout
        self.km: Any = None
        self.kc: Any = None
        self.runs = 0  # notebooks run since the kernel (re)started

    # -- lifecycle -----------------------------------------------------------------------------
    def _alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return self.km is not None and self.kc is not None and bool(run_sync(self.km.is_alive)())

    def start(self) -> None:
        """Start the kernel (if it is not running) and import what every report needs."""
        from jupyter_core.utils import run_sync

        if self._alive():
            return
        self.shutdown()
        self.km = _ipc_kernel_manager()
        run_sync(self.km.start_kernel)(cwd=self.cwd, extra_arguments=["--HistoryManager.enabled=False"])
        self.kc = self.km.client()
        self.kc.start_channels()
        run_sync(self.kc.wait_for_ready)(timeout=self.startup_timeout)
        self.kc.allow_stdin = False
        self._silent(_WARM_UP)
        self.runs = 0

    def shutdown(self) -> None:
        """Stop the kernel and remove its socket folder (safe to call twice)."""
        from jupyter_core.utils import run_sync

        kc, km, self.kc, self.km = self.kc, self.km, None, None
        if kc is not None:
            try:
                kc.stop_channels()
            except Exception:  # noqa: BLE001 - best effort at shutdown
                pass
        if km is not None:
            try:
                if run_sync(km.is_alive)():
                    run_sync(km.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001
                pass
            try:
                run_sync(km._async_cleanup_resources)()
            except Exception:  # noqa: BLE001
                pass
            shutil.rmtree(km._jnjp_dir, ignore_errors=True)  # the socket folder, whatever happened above

    def kill(self) -> None:
        """Kill the kernel process at once (safe from a signal handler: one ``kill(2)``); the
        report running in it then fails with DeadKernelError, and :meth:`shutdown` cleans up."""
        km = self.km
        pid = getattr(getattr(km, "provisioner", None), "pid", None) if km is not None else None
        if pid:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass

    def __enter__(self) -> WarmKernel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    # -- running --------------------------------------------------------------------------------
    def _silent(self, code: str) -> None:
        """Run set-up code without output or history; fail fast if the kernel dies meanwhile (a
        reply is awaited one second at a time, checking the kernel is alive in between)."""
        import queue
        import time

        from jupyter_core.utils import run_sync

        async def execute() -> dict:
            msg_id = self.kc.execute(code, silent=True, store_history=False)
            deadline = time.monotonic() + self.startup_timeout
            while True:
                try:
                    reply = await self.kc.get_shell_msg(timeout=1)
                except (TimeoutError, queue.Empty):
                    if not await self.km.is_alive():
                        raise KernelError("the kernel died during set-up") from None
                    if time.monotonic() > deadline:
                        raise KernelError(f"no reply from the kernel in {self.startup_timeout} s") from None
                    continue
                if reply.get("parent_header", {}).get("msg_id") == msg_id:
                    return reply

        reply = run_sync(execute)()
        content = reply["content"]
        if content.get("status") != "ok":
            raise KernelError(f"kernel set-up failed: {content.get('ename')}: {content.get('evalue')}")

    def run(self, nb: Any) -> Any:
        """Execute ``nb`` (already parameterised) in a clean namespace; returns the executed notebook.

        Raises nbclient's ``CellExecutionError`` for a cell that raised (``nb`` then holds the
        outputs up to it) and ``DeadKernelError`` when the kernel died; the next call starts a
        fresh kernel in that case.

        Parameters
        ----------
        nb : nbformat.NotebookNode
            The notebook to run (:func:`parameterize`); its cells get their outputs in place.

        Returns
        -------
        nbformat.NotebookNode
            ``nb``, executed.

        Raises
        ------
        nbclient.exceptions.CellExecutionError
            If a cell raised; ``nb`` holds the outputs up to it.
        nbclient.exceptions.DeadKernelError
            If the kernel died while running it.
        KernelError
            If the kernel could not be started or reset.
        """
        from nbclient import NotebookClient

        self.start()
        self._silent(_RESET)
        client = NotebookClient(nb, km=self.km, kernel_name="python3", timeout=self.timeout,
                                startup_timeout=self.startup_timeout, allow_errors=False,
                                record_timing=False, store_widget_state=False,
                                resources={"metadata": {"path": self.cwd}})
        client.kc = self.kc
        try:
            client.execute(cleanup_kc=False)
        finally:
            self.runs += 1
        return nb


def parameterize(template: str, parameters: dict) -> Any:
    """The template with papermill's injected-parameters cell.

    Its id is pinned, so the same inputs give the same notebook; raises ValueError naming parameters
    the template does not take.

    Parameters
    ----------
    template : str
        The notebook template's path.
    parameters : dict
        {name: value} for the template's ``parameters`` cell.

    Returns
    -------
    nbformat.NotebookNode
        The notebook, with the cell tagged ``injected-parameters`` after the ``parameters`` cell.

    Raises
    ------
    JnjpError
        If ``parameters`` names a parameter the template does not take (listing those it does).
    """
    import papermill as pm
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    known = pm.inspect_notebook(template)
    unknown = sorted(set(parameters) - set(known))
    if unknown:
        raise JnjpError(f"{os.path.basename(template)} has no parameter(s) {unknown}; it takes {sorted(known)}")
    nb = load_notebook_node(template)  # as papermill reads it (every cell gets a tags list)
    nb = parameterize_notebook(nb, parameters, kernel_name="python3", language="python")
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"
    return nb
