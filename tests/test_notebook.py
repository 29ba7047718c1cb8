"""plan.map(), plan.timeline() and plan.report() display inline in Jupyter: a small notebook
is executed by nbclient on a kernel that runs this test's own Python (no network)."""
from __future__ import annotations

import json
import sys

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

CELLS = [
    "import policykg\nplan = policykg.load_plan()",
    "plan.map(view='pillar', pillar=5)",
    "plan.timeline()",
    "plan.report()",
    "plan",
]


@pytest.fixture()
def kernel_name(tmp_path, monkeypatch):
    """A kernelspec for sys.executable in a private JUPYTER_PATH (not the user's kernels)."""
    spec = tmp_path / "jupyter" / "kernels" / "policykg-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "policykg test", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return "policykg-test"


def test_views_display_inline_as_html(kernel_name, tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    client = nbclient.NotebookClient(notebook, kernel_name=kernel_name, timeout=180, resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = [cell.outputs for cell in notebook.cells]
    assert outputs[0] == []
    for index, view in ((1, "pillar"), (2, "timeline"), (3, "report"), (4, "timeline")):
        (result,) = [o for o in outputs[index] if o.output_type == "execute_result"]
        html = result.data["text/html"]
        assert html.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
        assert "&lt;/script&gt;" in html and "<script" not in html
        assert f"{view} view" in html or f"&quot;view&quot;:&quot;{view}&quot;" in html
    assert list(tmp_path.glob("*.html")) == []
