"""Word lists shared by the demo town and the bulk generator: nicknames, venues, notes, people's words.

Plain data only; the functions that combine them live in `content` (catalog) and `people` (persons).
"""

from __future__ import annotations

from directory.models import Atmosphere, GroupSize, Threshold

NICKNAMES = (
    "ひだまり",
    "なごみ",
    "こもれび",
    "たんぽぽ",
    "わかば",
    "あおぞら",
    "ぽかぽか",
    "にじいろ",
    "まんまる",
    "ほっと",
    "つむぎ",
    "えがお",
    "おひさま",
    "ひなた",
    "そよかぜ",
    "どんぐり",
    "くすのき",
    "みらい",
    "きずな",
    "ゆうやけ",
    "のはら",
    "ともしび",
    "さんぽみち",
    "あかり",
    "こころ",
    "はなみずき",
    "やまびこ",
    "みどり",
    "すまいる",
    "ふたば",
    "かがやき",
    "いろどり",
    "はぐくみ",
    "よりみち",
    "まるっと",
    "ぬくもり",
)
"""Soft hiragana names that Japanese groups give their 居場所 and 食堂."""

ATMOSPHERE_NOTES: dict[tuple[Atmosphere, GroupSize], tuple[str, ...]] = {
    (Atmosphere.QUIET, GroupSize.SMALL): (
        "少人数で静か。はじめての方にはスタッフが声をかけます。",
        "5人ほどの小さな集まりです。話さずに過ごしていても大丈夫。",
    ),
    (Atmosphere.QUIET, GroupSize.MEDIUM): (
        "10人前後で落ち着いた雰囲気です。",
        "にぎやかすぎず、ゆったりした時間が流れています。",
    ),
    (Atmosphere.QUIET, GroupSize.LARGE): ("人数は多めですが、それぞれ静かに過ごしています。",),
    (Atmosphere.LIVELY, GroupSize.SMALL): ("少人数ですが、いつも笑い声が聞こえる和やかな会です。",),
    (Atmosphere.LIVELY, GroupSize.MEDIUM): (
        "笑い声の絶えない、にぎやかな会です。",
        "常連さんが多いですが、新しい方もすぐになじめます。",
    ),
    (Atmosphere.LIVELY, GroupSize.LARGE): (
        "毎回30人以上が集まる、にぎやかな場です。",
        "子どもたちが走り回る元気な雰囲気です。",
    ),
}

HOW_TO_JOIN: dict[Threshold, tuple[str, ...]] = {
    Threshold.DROP_IN: (
        "予約は不要です。開いている時間に直接お越しください。",
        "直接会場へどうぞ。入口で受付をしてください。はじめての方は「見学です」と声をかけてください。",
    ),
    Threshold.RESERVATION: (
        "前日までにお電話かメールでお申し込みください。",
        "はじめての方は事前に見学の予約をお願いします。",
    ),
    Threshold.REFERRAL: (
        "社会福祉協議会などの相談窓口を通してご紹介します。まずはご相談ください。",
        "参加支援コーディネーターからのご紹介で参加できます。",
    ),
}

VENUE_SUFFIXES = ("公民館", "コミュニティセンター", "集会所", "地区センター", "ふれあい会館")
ROOMS = ("2階 和室", "1階 会議室", "2階 調理室", "1階 多目的室", "3階 研修室", "別館")

SURNAMES = ("山田", "佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "中村", "小林", "加藤", "吉田", "松本")
GIVEN_NAMES = ("和子", "節子", "洋子", "恵子", "弘", "茂", "美智子", "清", "幸子", "誠", "久美子", "勝")

VOLUNTEER_NAMES = (
    "ひまわり",
    "さくら",
    "たんぽぽ",
    "すみれ",
    "もみじ",
    "かえで",
    "あじさい",
    "つばき",
    "なのはな",
    "こすもす",
    "ききょう",
    "れんげ",
    "うめ",
    "もも",
    "ふじ",
    "あやめ",
    "すずらん",
    "なでしこ",
    "ゆず",
    "みかん",
    "くるみ",
    "どんぐり",
    "まつぼっくり",
    "やまびこ",
    "そよかぜ",
    "こだま",
    "しずく",
    "ほたる",
    "つばめ",
    "ひばり",
    "かもめ",
    "うぐいす",
    "めじろ",
    "すずめ",
    "とんぼ",
    "こまどり",
    "ぶな",
    "けやき",
    "いちょう",
    "くすのき",
)
"""Pseudonyms volunteers are listed under (never their real names)."""

SKILLS = (
    "料理",
    "調理補助",
    "送迎（運転）",
    "数学を教える",
    "英語を教える",
    "ポルトガル語",
    "ベトナム語",
    "パソコン",
    "傾聴",
    "大工仕事",
    "畑仕事",
    "手芸",
    "書道",
    "囲碁・将棋",
    "写真",
    "ギター演奏",
    "事務作業",
    "保育",
    "介護の経験",
    "イラスト",
    "手話",
)
INTERESTS = (
    "料理",
    "畑",
    "ゲーム",
    "手芸",
    "散歩",
    "音楽",
    "将棋",
    "読書",
    "絵を描くこと",
    "パソコン",
    "動物",
    "カラオケ",
    "写真",
    "スポーツ観戦",
    "鉄道",
    "映画",
    "園芸",
    "釣り",
    "子ども",
    "掃除",
)
"""Words coordinators write as a person's interests (matching compares them with entries' text)."""

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SLOTS = (("09:00", "12:00"), ("10:00", "15:00"), ("13:00", "17:00"), ("15:00", "19:00"), ("17:00", "20:00"))
