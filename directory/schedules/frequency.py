"""開催頻度 codes of the こども食堂 data format → what the schedule parser reads for them.

Source: 「こども食堂のデータフォーマット」, published by 全国こども食堂支援センター・むすびえ with アイパブリッシング
in April 2022 (announcement: https://prtimes.jp/main/html/rd/p/000000036.000044382.html; adoption by the
prefectures: https://musubie.org/news/7922/), the layout of the 49-column 子ども食堂一覧 files in
`../shared/data/kodomo-shokudo/tokyo`. Its 開催頻度 column holds a one-digit code 1–8 from most to least often.
The code table itself could not be retrieved through this project's reference search (2026-12-07), so each
meaning below was checked against the 開催日 and 開催日時特記事項 texts of the 589 real Tokyo rows that carry
the codes (counts in brackets; examples quoted from the files):

- 1 [19] 毎日・週に複数回 (月火水木金, 水木金土日, 毎週) → weekly on the 開催曜日;
- 2 [7]  週に2回程度 (毎週月、水、金曜日, 金土日) → weekly on the 開催曜日;
- 3 [28] 週に1回 → weekly on the 開催曜日 (corrected 2026-12-07, see below; it was read as 月に2～3回);
- 4 [29] 月に2回 (原則第2・4金曜日, 第1・第3水) → week-unknown, about twice a month;
- 5 [161, the most common] 月に1回 (毎月第三水曜日, 毎月最終金曜日) → week-unknown, about monthly;
- 6 [3]  2か月に1回 (奇数月の第2水曜日) → week-unknown, every other month;
- 7 [2]  年に数回 → 不定期;
- 8 [10] 不定期 → 不定期.

A 開催日 text that names the days (第3水曜日) is more specific than the code and wins; the code decides only
when the text gives no frequency (empty, 非公開, a weekday alone).

Second check, 2026-12-07, with other prefectures: the published 子ども食堂一覧 workbook of 神奈川県
(tests/data/real/140007_kanagawa_kodomoshokudo.xlsx: 116 rows, 115 with a code), whose 開催日時特記事項 names
the days of most coded rows. Rows whose text states a frequency, per code (神奈川 + 東京): 1 → weekly 13
(月火水木金, 月火水木金土); 2 → weekly 3; 3 → weekly 9 (毎週水曜日, 毎週土曜日, 毎週木曜日 …) against 3 twice a
month; 4 → twice a month 32 of 32 (第2金曜日、第4金曜日); 5 → one day a month (第3金曜日) in 102 rows; 6 → 2
rows; 8 → 不定期. 埼玉県 writes 3 beside 「毎週土曜日（第3土曜日除く）」. Code 3 is therefore 週に1回: the scale
runs 毎日 … 週1回 (3), 月2回 (4), 月1回 (5), 2か月に1回 (6), 年に数回 (7), 不定期 (8), and code-3 rows are weekly
(the old reading gave a weekly rule with the note 「月2回」 beside 「毎週水曜日」). The published table itself was
still not retrievable here; these meanings are the ones the real files of three prefectures agree on.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FrequencyCode:
    """One 開催頻度 code: its meaning in words and the schedule text the parser reads for it."""

    code: str
    label: str
    text: str
    weekly: bool = False


FREQUENCY_CODES: dict[str, FrequencyCode] = {
    item.code: item
    for item in (
        FrequencyCode("1", "毎日・週に複数回", "毎週", weekly=True),
        FrequencyCode("2", "週に2回程度", "毎週", weekly=True),
        FrequencyCode("3", "週に1回", "毎週", weekly=True),
        FrequencyCode("4", "月に2回", "月2回"),
        FrequencyCode("5", "月に1回", "月1回"),
        FrequencyCode("6", "2か月に1回", "2ヶ月に1回"),
        FrequencyCode("7", "年に数回", "不定期"),
        FrequencyCode("8", "不定期", "不定期"),
    )
}
WEEKLY_CODES = frozenset(code for code, item in FREQUENCY_CODES.items() if item.weekly)


def frequency_code(value: str | None) -> FrequencyCode | None:
    """The code's definition ("5", "５", " 5 " → 月に1回), or None for an empty or unknown value."""
    if not value:
        return None
    key = value.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return FREQUENCY_CODES.get(key)
