from channels.recent import Recent


def test_oldest_out_first_and_told_once():
    recent: Recent[str, int] = Recent(2)
    recent.put("a", 1)
    recent.put("b", 2)
    recent.put("a", 3)          # refreshed: now the newest
    recent.put("c", 4)          # "b" was the oldest
    assert (recent.get("a"), recent.get("b"), recent.get("c")) == (3, None, 4)
    assert recent.first_time("d", 0) and not recent.first_time("d", 0)


def test_a_conversation_still_in_use_is_kept():
    recent: Recent[str, int] = Recent(2)
    recent.put("a", 1)
    recent.put("b", 2)
    assert recent.get("a") == 1   # read: now the most recently used
    recent.put("c", 3)
    assert (recent.get("a"), recent.get("b"), recent.get("c")) == (1, None, 3)


def test_many_threads_at_once_keep_it_bounded_and_told_once():
    import threading

    recent: Recent[int, int] = Recent(100)
    told: list[int] = []

    def work(offset: int) -> None:
        for i in range(2000):
            recent.put(offset * 10000 + i, i)
            recent.get(i)
            if recent.first_time(-1, 0):
                told.append(offset)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(recent._items) == 100 and len(told) >= 1
