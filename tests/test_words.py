from fbdesk.domain.words import count


def test_counts_read_as_sentences():
    assert count(1, "file") == "1 file"
    assert count(2, "file") == "2 files"
    assert count(0, "finding") == "0 findings"
    assert count(1329, "urgent item") == "1,329 urgent items"
    assert count(1, "reply", "replies") == "1 reply" and count(3, "reply", "replies") == "3 replies"
