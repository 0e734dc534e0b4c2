"""File ▸ Open Team Workspace…: the address of a team workspace on a PostgreSQL server. There
is no password field: the password comes the usual PostgreSQL ways, so it is never kept with
the workspace or in the recent list."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

HOW = (
    "<p>The address of a team workspace: <b>postgresql://[user@]host[:port]/database</b>, "
    "for example <tt>postgresql://ann@fbdesk.example.com/q3_review</tt>.</p>"
    "<p>Leave the password out. It is read where PostgreSQL's own tools read it: the "
    "<tt>PGPASSWORD</tt> environment variable, your password file (<tt>~/.pgpass</tt>; "
    "<tt>%APPDATA%\\postgresql\\pgpass.conf</tt> on Windows), or a service file "
    "(<tt>postgresql://?service=team</tt> with <tt>~/.pg_service.conf</tt>). The connection "
    "is encrypted when the server offers it.</p>"
    "<p>You work as the server's user you log in as: it is recorded with every change. "
    "Whoever runs the server sets it up with <tt>fbdesk team init</tt>.</p>"
)


class TeamDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, address: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("teamDialog")
        self.setWindowTitle("Open Team Workspace")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Server address:"))
        self.address = QLineEdit(address)
        self.address.setAccessibleName("Server address")
        self.address.setPlaceholderText("postgresql://user@host:5432/database")
        self.address.textChanged.connect(self._check)
        layout.addWidget(self.address)
        self.problem = QLabel()
        self.problem.setObjectName("teamProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        layout.addWidget(self.problem)
        how = QLabel(HOW)
        how.setWordWrap(True)
        layout.addWidget(how)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open
                                        | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._check()

    def _check(self) -> None:
        """Say what is wrong with the address as it is typed; Open waits for a good one."""
        problem = address_problem(self.value())
        self.problem.setText(problem or "")
        self.problem.setVisible(bool(problem) and bool(self.value()))
        button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        button.setEnabled(problem is None)

    def value(self) -> str:
        return self.address.text().strip()

    @classmethod
    def ask(cls, parent: QWidget | None, address: str = "") -> str | None:
        dialog = cls(parent, address)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


def address_problem(address: str) -> str | None:
    """What keeps ``address`` from being a server address to open (None: nothing)."""
    from fbdesk.services.team import address_problem as problem

    if not address:
        return "Type the server's address."
    return problem(address)
