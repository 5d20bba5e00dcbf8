"""Standard output that cannot be written (a full disk under a redirected log) never turns a finished command into a
failure: :class:`StdoutGuard` stands in for ``sys.stdout`` while a command runs, :class:`StderrGuard` for
``sys.stderr``."""

from __future__ import annotations

import sys


class StdoutGuard:
    """``sys.stdout`` while a command runs: when standard output cannot be written (redirected to a full disk:
    ``reform-xlsx merge … > log.txt`` on a full drive, a scheduled task's log), what is printed is dropped and the
    command goes on — the work it does (files recorded, outputs and forms written) is not turned into a failure by
    its printing, and its exit code is its own result. A closed pipe (``| head``) still ends the command
    (:class:`BrokenPipeError`, handled by :func:`_run_command`). Only standard output is guarded: a file the command
    writes fails as before."""

    stream_name = "stdout"
    _closed_pipe_ends = True  # a closed pipe on stdout (`| head`) ends the command

    def __init__(self, stream) -> None:
        self._stream = stream
        self.error: OSError | None = None

    def _write_failed(self, exc: OSError) -> None:
        if self.error is None:
            self.error = exc
            _point_at_null(self._stream)

    def _guarded(self, call, *args):
        if self.error is not None:
            return None
        try:
            return call(*args)
        except BrokenPipeError as exc:
            if self._closed_pipe_ends:
                raise
            self._write_failed(exc)
            return None
        except OSError as exc:
            self._write_failed(exc)
            return None
        except ValueError as exc:  # closed (after a closed pipe on stdout): nothing more can be said there
            self._write_failed(OSError(str(exc)))
            return None

    def write(self, text: str) -> int:
        self._guarded(self._stream.write, text)
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._guarded(self._stream.flush)

    @property
    def buffer(self):
        raw = getattr(self._stream, "buffer", None)
        return None if raw is None else _GuardedBuffer(self, raw)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)

    @classmethod
    def install(cls) -> StdoutGuard | None:
        stream = getattr(sys, cls.stream_name)
        if stream is None or isinstance(stream, StdoutGuard):
            return None
        guard = cls(stream)
        setattr(sys, cls.stream_name, guard)
        return guard

    def finish(self, code: int | None) -> None:
        """Flush what is still held (a small output is written only now), put the stream back, and say on
        standard error when standard output could not be written (``code``: the command's exit code)."""
        try:
            self.flush()
        except BrokenPipeError:  # a closed pipe: the run's result stands (see _run_command)
            pass
        if getattr(sys, self.stream_name) is self:
            setattr(sys, self.stream_name, self._stream)
        if self.error is None or self.stream_name != "stdout":
            return
        import errno

        why = ("（ディスクがいっぱいです）" if self.error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1))
               else f"（OS のエラー番号 {self.error.errno}）" if self.error.errno else "")
        done = (f"表示は省き、処理は最後まで行いました（結果は終了コード {code} で返します）。" if code in (0, 1)
                else "表示は省きました。")
        try:
            print(f"reform-xlsx: 標準出力（画面・ログのファイル）に書き込めませんでした{why}。{done}", file=sys.stderr)
        except (OSError, ValueError, AttributeError):  # no standard error either: the exit code is the whole answer
            pass


class StderrGuard(StdoutGuard):
    """``sys.stderr`` while a command runs: when standard error cannot be written (``2> err.log`` on a full disk, a
    closed pipe, a closed console) what is said there is dropped — a warning printed on the way (「連絡先ファイル…が
    ないため」) does not stop the command half-way, and a command that cannot go on still ends with its own exit code
    2, not 1 from an exception raised while saying why. Nothing is said about it: there is nowhere left to say it."""

    stream_name = "stderr"
    _closed_pipe_ends = False


class _GuardedBuffer:
    """The binary buffer under a guarded ``sys.stdout`` (``--json`` is written to it in UTF-8)."""

    def __init__(self, guard: StdoutGuard, raw) -> None:
        self._guard, self._raw = guard, raw

    def write(self, data: bytes) -> int:
        self._guard._guarded(self._raw.write, data)
        return len(data)

    def flush(self) -> None:
        self._guard._guarded(self._raw.flush)

    def __getattr__(self, name: str):
        return getattr(self._raw, name)


def _point_at_null(stream) -> None:
    """Point the descriptor of a standard output that failed at the null device: what its buffers still hold is
    flushed there (at the latest when Python ends), not again into the full disk (which would say 「Exception
    ignored」 and end with exit code 120)."""
    import os

    try:
        fd = stream.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
    except (OSError, AttributeError, ValueError):  # no descriptor (a stream object): nothing to repoint
        return
    try:
        if null != fd:
            os.dup2(null, fd)
    except OSError:
        pass
    finally:
        if null != fd:
            os.close(null)
