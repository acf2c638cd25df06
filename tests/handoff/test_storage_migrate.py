"""Two first requests in one gateway process migrate at once (the widget opens: /api/chat and
/api/notices together): Alembic's environment lives in module globals, so they must take turns."""
import threading

from bot.storage import migrate


def test_concurrent_first_migrations_in_one_process_do_not_fail(tmp_path):
    url = f"sqlite:///{tmp_path / 'minwon.db'}"
    failures: list[BaseException] = []

    def first_request():
        try:
            migrate(url)
        except BaseException as exc:   # noqa: BLE001 — any failure is the finding
            failures.append(exc)

    threads = [threading.Thread(target=first_request) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
