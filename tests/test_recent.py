from channels.recent import Recent


def test_oldest_out_first_and_told_once():
    recent: Recent[str, int] = Recent(2)
    recent.put("a", 1)
    recent.put("b", 2)
    recent.put("a", 3)          # refreshed: now the newest
    recent.put("c", 4)          # "b" was the oldest
    assert (recent.get("a"), recent.get("b"), recent.get("c")) == (3, None, 4)
    assert recent.first_time("d", 0) and not recent.first_time("d", 0)
