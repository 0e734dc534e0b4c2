"""Qt Designer forms (``ui/*.ui``), loaded at run time from a checkout, a wheel or a bundle,
and small pieces the hand-written dialogs share."""

from __future__ import annotations

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from fbdesk.resources import resource_path


def load_form(name: str, host: QWidget) -> QWidget:
    """Load ``ui/NAME.ui`` and place it inside ``host``, filling it; returns the form."""
    path = resource_path(f"{name}.ui", folder="ui")
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"cannot read the form {path}")
    try:
        form = QUiLoader().load(file, host)
    finally:
        file.close()
    if form is None:
        raise RuntimeError(f"the form {path} could not be loaded")
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(form)
    return form


def ok_cancel(dialog: QDialog, form: QFormLayout) -> QDialogButtonBox:
    """OK and Cancel at the foot of ``form``, accepting or rejecting ``dialog``."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    return buttons
