"""Shared CLI machinery for every simulated device: the line discipline (echo,
backspace, CR/LF), password prompts, paging, command log and fault injection.

A device kind subclasses Device (state shared by all its sessions) and Session
(one SSH shell: mode, prompt, command handlers).
"""
import asyncio
import logging
import re
import time


class Faults:
    """Faults injected on demand (from the control port or the inventory)."""

    def __init__(self, spec=None):
        spec = spec or {}
        self.drop_after = spec.get("drop_after")        # close a session after N commands
        self.reject = dict(spec.get("reject") or {})     # regex -> error text printed instead
        self.delay = float(spec.get("delay") or 0)       # seconds before each reply
        self.drop_on = spec.get("drop_on")               # regex: close the session when such a line is typed
        self.once = bool(spec.get("once"))                # drop one session only (a transient loss)

    def as_dict(self):
        return {"drop_after": self.drop_after, "drop_on": self.drop_on, "reject": self.reject, "delay": self.delay,
                "once": self.once}


class Device:
    """One simulated box. Subclasses set session_class and build their state."""

    kind = "base"
    session_class = None

    def __init__(self, name, spec, lab=None):
        self.name = name
        self.spec = spec
        self.lab = lab
        self.hostname = spec.get("lab_hostname", name)
        self.username = spec.get("ansible_user", "admin")
        self.password = str(spec.get("ansible_password", "admin"))
        self.faults = Faults(spec.get("lab_faults"))
        self.log = []          # every line typed on any session: (time, session_no, line)
        self.sessions = 0

    def check_login(self, username, password):
        return username == self.username and password == self.password

    def open_session(self, write, close, username=None):
        self.sessions += 1
        return self.session_class(self, write, close, self.sessions, username)

    def state(self):
        """What the control port reports about this device (for tests)."""
        return {"name": self.name, "kind": self.kind, "sessions": self.sessions,
                "log": [line for _, _, line in self.log], "faults": self.faults.as_dict()}


class Session:
    """One interactive shell. Subclasses implement prompt() and execute(line)."""

    page_length = 0            # lines per page; 0 = no paging
    more_prompt = " --More-- "
    more_erase = "\b" * 10 + " " * 10 + "\b" * 10
    newline = "\r\n"

    def __init__(self, device, write, close, number, username=None):
        self.device = device
        self._write = write
        self._close = close
        self.number = number
        self.username = username
        self._buf = ""
        self._last = ""
        self._pager = None           # remaining lines while --More-- waits
        self._expect = None          # callback for the next line (password prompts)
        self._echo = True
        self._busy = False           # a delayed reply is pending
        self._queued = ""
        self.commands = 0
        self.closed = False

    # -- to be provided by device kinds -------------------------------------------------
    def banner(self):
        return ""

    def prompt(self):
        raise NotImplementedError

    def execute(self, line):
        """Run one line; return its output (without the prompt)."""
        raise NotImplementedError

    # -- helpers for device kinds -------------------------------------------------------
    def ask(self, question, callback, echo=False):
        """Print ``question`` and give the next line to ``callback`` (e.g. Password:)."""
        self._expect = callback
        self._echo = echo
        return question

    def enable(self, password, denied):
        """`enable`: ask for the password; privileged mode ("exec") when it matches."""
        if self.mode == "exec":
            return ""

        def check(typed):
            if typed == password:
                self.mode = "exec"
                return ""
            return denied
        return self.ask("Password: ", check)

    def close(self, drop=False):
        """End the session; ``drop`` cuts the whole TCP connection, as a link failure does."""
        self.closed = True
        self._close(drop)

    # -- line discipline -----------------------------------------------------------------
    def start(self):
        self.write(self.banner() + self.prompt())

    def write(self, text):
        if not self.closed:
            self._write(text.replace("\r\n", "\n").replace("\n", self.newline))

    def feed(self, data):
        if self._busy:
            self._queued += data
            return
        for pos, ch in enumerate(data):
            if self.closed:
                return
            if self._pager is not None:
                self._page_key(ch)
            elif ch in "\r\n":
                if not (ch == "\n" and self._last == "\r"):
                    line, self._buf = self._buf, ""
                    if self._echo:
                        self.write("\n")
                    self._line(line)
                    if self._busy:
                        self._queued += data[pos + 1:]
                        self._last = ch
                        return
            elif ch in "\x7f\x08":
                if self._buf:
                    self._buf = self._buf[:-1]
                    if self._echo:
                        self.write("\b \b")
            elif ch == "\x1a":          # Ctrl-Z
                self._buf = ""
                self.write("\n" + self.ctrl_z() + self.prompt())
            elif ch == "\x03":          # Ctrl-C
                self._buf = ""
                self.write("^C\n" + self.prompt())
            elif ch >= " " or ch == "\t":
                self._buf += ch
                if self._echo:
                    self.write(ch)
            self._last = ch

    def ctrl_z(self):
        return ""

    def _line(self, line):
        if self._expect is not None:
            callback, self._expect, self._echo = self._expect, None, True
            self._reply(callback(line))
            return
        self.commands += 1
        self.device.log.append((time.time(), self.number, line))
        faults = self.device.faults
        if ((faults.drop_after is not None and self.commands > int(faults.drop_after))
                or (faults.drop_on and re.search(faults.drop_on, line))):
            if faults.once:
                faults.drop_after = faults.drop_on = None
            self.close(drop=True)       # the line is logged but never runs
            return
        for pattern, error in faults.reject.items():
            if re.search(pattern, line):
                self._reply(error + "\n")
                return
        try:
            output = self.execute(line)
        except Exception:  # a lab bug: say so on the session and in the lab log
            logging.getLogger("lab").exception("%s: %r failed", self.device.name, line)
            output = "%% lab internal error on %r (see lab log)\n" % line
        self._reply(output)

    def _reply(self, output):
        if self.closed:
            return
        delay = self.device.faults.delay
        if delay:
            self._busy = True
            asyncio.get_running_loop().call_later(delay, self._deliver, output)
        else:
            self._deliver(output)

    def _deliver(self, output):
        self._busy = False
        if self.closed:
            return
        lines = (output or "").split("\n")
        if self.page_length and self._expect is None and len(lines) > self.page_length:
            self.write("\n".join(lines[:self.page_length - 1]) + "\n" + self.more_prompt)
            self._pager = lines[self.page_length - 1:]
        else:
            self.write(output or "")
            if not self.closed and self._expect is None:   # a question (Password:) stands as the prompt
                self.write(self.prompt())
        if self._queued and not self._busy:
            queued, self._queued = self._queued, ""
            self.feed(queued)

    def _page_key(self, ch):
        lines, self._pager = self._pager, None
        self.write(self.more_erase)
        if ch in "qQ":
            self.write(self.prompt())
            return
        step = 1 if ch in "\r\n" else self.page_length - 1
        if len(lines) > step:
            self.write("\n".join(lines[:step]) + "\n" + self.more_prompt)
            self._pager = lines[step:]
        else:
            self.write("\n".join(lines) + self.prompt())


def cisco_error(prompt, line, err, prefix=""):
    """The IOS/ASA parser error for a lab.grammar.ParseError: a caret under the
    fault, then the message (prefix "ERROR: " on the ASA)."""
    if err.kind == "ambiguous":
        return prefix + '%% Ambiguous command:  "%s"\n' % line
    if err.kind == "incomplete":
        return prefix + "% Incomplete command.\n\n"
    return " " * (len(prompt) + err.column) + "^\n" + prefix + "% Invalid input detected at '^' marker.\n\n"
