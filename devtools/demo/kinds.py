"""What each kind of activity looks like: variants with names, descriptions, audience and rhythm.

A variant keeps a name and its description coherent (a 将棋 club is never described as a cooking class),
and says who it suits, so generated entries read like the real listings of a 社協 or a town's website.
Placeholders in names: {place} = 地区 short name (本町), {town} = 町域 (本町二丁目), {nick} = a nickname.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from directory.models import Atmosphere, EligibilityKind, LadderStage, Space, StepLevel, Threshold


@dataclass(frozen=True)
class Variant:
    """One recognisable sort of activity within a kind (e.g. 男の料理 within サロン)."""

    key: str
    kind: str
    """Taxonomy code of the kind (directory/taxonomy_seed.KINDS)."""
    names: tuple[str, ...]
    what: tuple[str, ...]
    """First sentence: what happens there."""
    whom: tuple[str, ...]
    """Second sentence: who it is for."""
    suitable: tuple[str, ...]
    """Codes of `suitable_for` terms that fit; one to three are chosen."""
    hours: tuple[tuple[time, time], ...]
    ladder: LadderStage = LadderStage.SOCIAL
    step: StepLevel | None = None
    ages: tuple[int | None, int | None] = (None, None)
    space: Space | None = None
    atmosphere: Atmosphere | None = None
    threshold: Threshold | None = None
    languages: tuple[str, ...] = ()
    """Languages always spoken there besides Japanese."""
    eligibility: EligibilityKind | None = None
    venue: str | None = None
    """Where it happens when not in a hall (e.g. {place}市民農園); hosts with premises use their own."""


def _h(*pairs: tuple[int, int, int, int]) -> tuple[tuple[time, time], ...]:
    return tuple((time(a, b), time(c, d)) for a, b, c, d in pairs)


MORNING, AFTERNOON, EVENING = (10, 0, 12, 0), (13, 30, 15, 30), (17, 0, 19, 0)
V = Variant
VARIANTS: tuple[Variant, ...] = (
    # 居場所
    V(
        "youth_cafe",
        "ibasho",
        ("{place}ユースカフェ", "若者の居場所 {nick}", "ユーススペース {nick}"),
        (
            "ボードゲームやテレビゲーム、おしゃべりをしながら自由に過ごせるスペースです。",
            "何もしなくても大丈夫。漫画を読んだり、スタッフと話したり、好きなように過ごせます。",
        ),
        (
            "15歳から39歳までの方が対象です。学校や仕事に行っていない方も歓迎します。",
            "学校に行きづらい方、今は働いていない若い方のための場所です。",
        ),
        ("young_adults", "solo_ok", "visit_ok"),
        _h((14, 0, 20, 0), (13, 0, 18, 0)),
        ages=(15, 39),
        space=Space.PROTECTED,
    ),
    V(
        "community_cafe",
        "ibasho",
        ("{place}コミュニティカフェ", "みんなの居場所 {nick}", "まちの縁側 {nick}", "地域の茶の間 {nick}"),
        (
            "お茶を飲みながら、ご近所の方とゆっくり過ごせるカフェです。",
            "子どもからお年寄りまで、誰でも立ち寄れる多世代の居場所です。",
        ),
        ("年齢を問わず、どなたでも利用できます。", "ひとり暮らしの方、子育て中の方、地域の方ならどなたでも。"),
        ("solo_ok", "visit_ok", "parent_child", "older_people"),
        _h((10, 0, 15, 0), (13, 0, 16, 0)),
        space=Space.OPEN,
    ),
    V(
        "shogi",
        "ibasho",
        ("{place}将棋・囲碁クラブ", "将棋と囲碁の部屋 {nick}"),
        ("将棋や囲碁を打ちながら、のんびり過ごす集まりです。初心者には経験者が教えます。",),
        ("将棋や囲碁が好きな方ならどなたでも。定年後の男性が多く参加しています。",),
        ("men_welcome", "solo_ok", "older_people"),
        _h((13, 0, 16, 0)),
        ladder=LadderStage.HOBBY,
    ),
    V(
        "crafts",
        "ibasho",
        ("手芸カフェ {nick}", "{place}ものづくり工房"),
        ("編み物や布小物づくりなど、手を動かしながらおしゃべりを楽しみます。材料はこちらで用意します。",),
        ("ものづくりが好きな方ならどなたでも。作ったものは地域のバザーに出すこともあります。",),
        ("solo_ok", "visit_ok"),
        _h(MORNING, AFTERNOON),
        ladder=LadderStage.HOBBY,
        atmosphere=Atmosphere.QUIET,
    ),
    V(
        "quiet_room",
        "ibasho",
        ("ほっとスペース {nick}", "静かな居場所 {nick}"),
        ("少人数でゆっくり過ごせる、静かな部屋を開いています。読書をしても、ただ座っていても構いません。",),
        ("人の多い場所が苦手な方、しばらく外出していなかった方も安心してお越しください。",),
        ("solo_ok", "disability_friendly", "young_adults"),
        _h((13, 0, 17, 0)),
        space=Space.PROTECTED,
        atmosphere=Atmosphere.QUIET,
    ),
    # サロン
    V(
        "fureai_salon",
        "salon",
        ("{place}ふれあいサロン", "いきいきサロン {nick}", "{town}お茶のみサロン"),
        (
            "お茶とお菓子を囲んでおしゃべりを楽しむ集まりです。季節の行事や脳トレも行います。",
            "体操やレクリエーションのあと、お茶を飲みながら交流します。",
        ),
        ("おおむね65歳以上の地域の方が対象です。", "地区にお住まいの高齢の方ならどなたでも参加できます。"),
        ("older_people", "solo_ok", "visit_ok"),
        _h(MORNING, AFTERNOON),
        ages=(65, None),
    ),
    V(
        "song_salon",
        "salon",
        ("歌声サロン {nick}", "{place}うたごえ喫茶"),
        ("懐かしい歌謡曲や童謡を、ピアノの伴奏に合わせてみんなで歌います。",),
        ("歌が得意でなくても大丈夫。聴いているだけの参加も歓迎です。",),
        ("older_people", "solo_ok"),
        _h(AFTERNOON),
        ladder=LadderStage.HOBBY,
        atmosphere=Atmosphere.LIVELY,
    ),
    V(
        "exercise_salon",
        "salon",
        ("{place}いきいき体操教室", "元気アップ体操 {nick}"),
        ("椅子に座ったままできる体操で、無理なく体を動かします。終わったあとはお茶の時間です。",),
        ("体力に自信のない方も、ご自分のペースで参加できます。",),
        ("older_people", "disability_friendly"),
        _h(MORNING),
        ages=(60, None),
        ladder=LadderStage.HOBBY,
    ),
    V(
        "mens_cooking",
        "salon",
        ("男の料理サロン {place}", "おとこの台所 {nick}"),
        ("男性だけで料理をつくり、できた料理を一緒に食べます。包丁を握ったことがない方も大歓迎です。",),
        ("定年後の男性が中心の集まりです。", "ひとり暮らしの男性の参加が増えています。"),
        ("men_welcome", "older_people", "solo_ok"),
        _h((10, 0, 13, 0)),
        ages=(60, None),
        ladder=LadderStage.HOBBY,
        eligibility=EligibilityKind.MEN_ONLY,
    ),
    V(
        "orange_cafe",
        "salon",
        ("オレンジカフェ {nick}", "{place}認知症カフェ"),
        ("認知症の方やご家族、地域の方が気軽に集まり、専門職にも相談できるカフェです。",),
        ("認知症の方とそのご家族、介護に関心のある方ならどなたでも。",),
        ("older_people", "visit_ok"),
        _h(AFTERNOON),
    ),
    # 就労体験
    V(
        "farm",
        "work_experience",
        ("畑しごと体験 {nick}ファーム", "{place}農園 農作業体験", "はたけ体験 {nick}農園"),
        (
            "野菜の種まきや収穫、草取りなど、畑の作業を一緒に行います。",
            "季節の野菜づくりを通して、体を動かしながら働く練習をします。",
        ),
        ("働くことに不安のある方、しばらく仕事から離れていた方が対象です。",),
        ("young_adults", "solo_ok", "men_welcome"),
        _h((9, 0, 12, 0)),
        ladder=LadderStage.WORK,
        step=StepLevel.TRIAL,
        ages=(15, 64),
        venue="{place}市民農園",
    ),
    V(
        "cafe_work",
        "work_experience",
        ("カフェ {nick} 接客・調理補助体験", "喫茶 {nick} おしごと体験"),
        ("開店前の準備や皿洗い、簡単な接客など、できることから少しずつ体験します。",),
        ("人と話すのが苦手な方は、厨房の作業から始められます。",),
        ("young_adults", "solo_ok"),
        _h((10, 0, 14, 0)),
        ladder=LadderStage.WORK,
        step=StepLevel.TRIAL,
        ages=(15, 49),
    ),
    V(
        "light_work",
        "work_experience",
        ("{nick}ワークス 軽作業体験", "{place}作業所 軽作業体験"),
        ("封入や袋詰め、シール貼りなどの軽作業を、自分のペースで体験できます。",),
        ("障害のある方、長く働いていなかった方も、短い時間から始められます。",),
        ("disability_friendly", "solo_ok"),
        _h((10, 0, 15, 0)),
        ladder=LadderStage.WORK,
        step=StepLevel.TRIAL,
        ages=(18, None),
        space=Space.PROTECTED,
    ),
    V(
        "care_work",
        "work_experience",
        ("介護施設のおしごと体験 {nick}", "{place}ホーム 生活支援体験"),
        ("介護施設で、シーツ交換や配膳の補助、利用者さんとの会話などを体験します。",),
        ("介護の仕事に興味のある方、人の役に立つ仕事をしてみたい方が対象です。",),
        ("young_adults", "men_welcome"),
        _h((9, 30, 12, 0), (13, 0, 16, 0)),
        ladder=LadderStage.WORK,
        step=StepLevel.TRIAL,
        ages=(16, 64),
        threshold=Threshold.RESERVATION,
    ),
    V(
        "temple_work",
        "work_experience",
        ("お寺の作務体験 {nick}",),
        ("境内の掃除や草取りなど、お寺の作務を住職と一緒に体験します。",),
        ("静かな場所で体を動かしたい方に向いています。",),
        ("solo_ok", "men_welcome", "young_adults"),
        _h((8, 0, 10, 0)),
        ladder=LadderStage.WORK,
        step=StepLevel.TRIAL,
        atmosphere=Atmosphere.QUIET,
    ),
    # 子ども食堂
    V(
        "shokudo",
        "kodomo_shokudo",
        ("みんなの食堂 {nick}", "{place}こども食堂", "{nick}食堂", "子ども食堂 {nick}"),
        (
            "手づくりの温かいごはんを、みんなで一緒に食べる食堂です。",
            "地域のボランティアが旬の食材で夕ごはんをつくります。食後は宿題をしたり遊んだりして過ごせます。",
        ),
        (
            "子どもだけでも、親子でも、地域の大人の方もどうぞ。",
            "どなたでも利用できます。食物アレルギーのある方は事前にご相談ください。",
        ),
        ("parent_child", "solo_ok", "visit_ok"),
        _h(EVENING, (11, 30, 13, 30)),
    ),
    V(
        "pantry_shokudo",
        "kodomo_shokudo",
        ("{place}おやこ食堂", "フードパントリー併設 {nick}食堂"),
        ("カレーや丼ものなど、子どもが好きなメニューを用意しています。食品の持ち帰り（フードパントリー）もあります。",),
        ("子育て中のご家庭ならどなたでも。事情は何も聞きません。",),
        ("parent_child", "foreign_language"),
        _h(EVENING),
        atmosphere=Atmosphere.LIVELY,
    ),
    V(
        "temple_shokudo",
        "kodomo_shokudo",
        ("お寺の子ども食堂 {nick}",),
        ("お寺の本堂を開放して、みんなでごはんを食べます。食後はお坊さんと一緒に遊ぶ時間もあります。",),
        ("小学生から高校生まで、ひとりでも来られます。保護者の方もどうぞ。",),
        ("parent_child", "solo_ok"),
        _h((16, 30, 19, 0)),
    ),
    # 学習支援
    V(
        "junior_study",
        "study_support",
        ("{place}学習教室", "まなびば {nick}", "無料塾 {nick}", "中学生の学習会 {nick}"),
        (
            "学生ボランティアが一人ひとりのペースに合わせて勉強を教えます。",
            "宿題や定期テストの勉強を、大学生や元教員のボランティアがサポートします。",
        ),
        ("市内の中学生が対象です。", "中学生ならどなたでも。塾に通っていない方も歓迎します。"),
        ("solo_ok", "visit_ok"),
        _h((18, 0, 20, 0), (14, 0, 16, 0)),
        ages=(12, 15),
        threshold=Threshold.RESERVATION,
    ),
    V(
        "high_school_study",
        "study_support",
        ("高校生の自習室 {nick}", "{place}ユース学習室"),
        ("静かに自習できる部屋と、わからないところを聞けるボランティアを用意しています。",),
        ("高校生、高校に通っていない同世代の方も利用できます。",),
        ("young_adults", "solo_ok"),
        _h((16, 0, 20, 0)),
        ages=(15, 18),
        atmosphere=Atmosphere.QUIET,
    ),
    V(
        "japanese_study",
        "study_support",
        ("こども日本語教室 {nick}", "{place}にほんご学習支援"),
        ("外国にルーツのある子どもたちが、日本語と学校の勉強を学びます。",),
        ("小学生から高校生まで。保護者の方の相談にものります。",),
        ("foreign_language", "parent_child"),
        _h((10, 0, 12, 0), (17, 0, 19, 0)),
        ages=(6, 18),
        languages=("ja-x-easy", "pt-BR", "vi", "tl"),
    ),
    V(
        "homework_club",
        "study_support",
        ("しゅくだいクラブ {nick}", "{place}放課後まなび教室"),
        ("放課後に宿題をしたり、本を読んだりして過ごします。地域の大人が見守ります。",),
        ("小学生が対象です。はじめての方は保護者と一緒にお越しください。",),
        ("parent_child", "visit_ok"),
        _h((15, 0, 17, 0)),
        ages=(6, 12),
        eligibility=EligibilityKind.WITH_GUARDIAN,
    ),
    # ボランティア募集
    V(
        "cook_volunteer",
        "volunteers_wanted",
        ("{nick}食堂 調理ボランティア募集", "子ども食堂の調理・配膳ボランティア（{place}）"),
        ("子ども食堂で、調理や配膳、片付けを手伝ってくださる方を募集しています。",),
        ("料理が得意でなくても大丈夫です。高校生以上の方ならどなたでも。",),
        ("solo_ok", "men_welcome"),
        _h((15, 0, 19, 0)),
        ladder=LadderStage.VOLUNTEER,
        step=StepLevel.ROLE,
        ages=(16, None),
    ),
    V(
        "driver_volunteer",
        "volunteers_wanted",
        ("サロン送迎ボランティア（{place}）", "買い物支援 送迎ドライバー募集 {nick}"),
        ("高齢の方の送迎を手伝ってくださる方を募集しています。車は社協のものを使います。",),
        ("普通自動車免許をお持ちの方。月1回からでも歓迎します。",),
        ("men_welcome", "older_people"),
        _h((9, 0, 12, 0)),
        ladder=LadderStage.VOLUNTEER,
        step=StepLevel.ROLE,
        ages=(20, 75),
        threshold=Threshold.RESERVATION,
    ),
    V(
        "tutor_volunteer",
        "volunteers_wanted",
        ("学習支援ボランティア募集（{place}）", "まなびば {nick} 学生ボランティア"),
        ("中学生の勉強をみてくださる大学生・社会人のボランティアを募集しています。",),
        ("教えた経験がなくても大丈夫。はじめに研修があります。",),
        ("young_adults", "solo_ok"),
        _h((18, 0, 20, 0)),
        ladder=LadderStage.VOLUNTEER,
        ages=(18, None),
    ),
    V(
        "park_volunteer",
        "volunteers_wanted",
        ("{place}公園 花壇づくりボランティア", "{place}クリーン作戦 参加者募集"),
        ("月に一度、公園の花壇の手入れやごみ拾いを行います。道具は貸し出します。",),
        ("一度だけの参加も歓迎します。親子での参加もどうぞ。",),
        ("parent_child", "solo_ok", "visit_ok"),
        _h((9, 0, 11, 0)),
        ladder=LadderStage.VOLUNTEER,
        step=StepLevel.JOIN,
        atmosphere=Atmosphere.LIVELY,
        venue="{place}中央公園",
    ),
    V(
        "visiting_volunteer",
        "volunteers_wanted",
        ("傾聴ボランティア {nick}", "見守り訪問ボランティア（{place}）"),
        ("ひとり暮らしの高齢の方のお宅を訪ね、お話を聞くボランティアです。",),
        ("事前に研修があります。話を聞くのが好きな方に向いています。",),
        ("older_people", "solo_ok"),
        _h(AFTERNOON),
        ladder=LadderStage.VOLUNTEER,
        step=StepLevel.ROLE,
        threshold=Threshold.RESERVATION,
    ),
    # 相談窓口
    V(
        "welfare_desk",
        "consultation",
        ("{place}ふくしなんでも相談", "まちの保健室 {nick}", "くらしの相談室 {nick}"),
        ("暮らしの困りごとを何でも相談できる窓口です。内容に応じて必要な支援機関におつなぎします。",),
        ("市内にお住まいの方ならどなたでも。ご家族や近所の方からの相談も受け付けます。",),
        ("solo_ok", "older_people"),
        _h((9, 0, 17, 0), (8, 30, 17, 15)),
        space=Space.PROTECTED,
        atmosphere=Atmosphere.QUIET,
    ),
    V(
        "youth_desk",
        "consultation",
        ("若者サポート相談 {nick}", "{place}ユース相談室"),
        ("働くこと、人間関係、家族のことなど、若い方の悩みを専門の相談員がお聞きします。",),
        ("15歳から39歳までのご本人とご家族が対象です。オンライン相談もできます。",),
        ("young_adults", "solo_ok"),
        _h((10, 0, 18, 0)),
        ages=(15, 39),
        space=Space.PROTECTED,
        threshold=Threshold.RESERVATION,
    ),
    V(
        "foreign_desk",
        "consultation",
        ("外国人のための生活相談 {nick}", "多言語相談窓口（{place}）"),
        ("在留手続き、仕事、子育て、学校のことなど、生活の相談を多言語で受け付けます。",),
        ("外国籍の方、外国にルーツのある方とそのご家族が対象です。通訳が同席します。",),
        ("foreign_language", "parent_child"),
        _h((10, 0, 16, 0)),
        space=Space.PROTECTED,
        languages=("ja-x-easy", "en", "pt-BR", "vi", "zh-Hans", "tl", "ko"),
    ),
    V(
        "family_meeting",
        "consultation",
        ("ひきこもり家族相談会（{place}）", "家族のつどい {nick}"),
        ("ひきこもりの状態にある方のご家族が集まり、経験を話し合う会です。相談員も同席します。",),
        ("ご家族の方ならどなたでも。ご本人の参加も歓迎します。",),
        ("visit_ok", "solo_ok"),
        _h((13, 30, 16, 0)),
        space=Space.PROTECTED,
        atmosphere=Atmosphere.QUIET,
    ),
)
BY_KEY = {v.key: v for v in VARIANTS}
BY_KIND: dict[str, tuple[Variant, ...]] = {}
for _variant in VARIANTS:
    BY_KIND[_variant.kind] = (*BY_KIND.get(_variant.kind, ()), _variant)

RULES_BY_KIND: dict[str, tuple[str, ...]] = {
    "ibasho": ("weekly", "weekly", "two_days", "biweekly", "weekdays", "irregular"),
    "salon": ("monthly_nth", "monthly_nth", "monthday", "biweekly", "weekly"),
    "work_experience": ("weekdays", "two_days", "weekly", "irregular"),
    "kodomo_shokudo": ("twice_monthly", "twice_monthly", "monthly_nth", "weekly", "monthday"),
    "study_support": ("weekly", "two_days", "two_days", "biweekly"),
    "volunteers_wanted": ("weekly", "monthly_nth", "irregular", "twice_monthly"),
    "consultation": ("weekdays", "weekdays", "monthly_nth", "weekly"),
}
"""Schedule rules that suit each kind, repeated to weight them (see content.schedules_for)."""

EXTRA_SENTENCES: dict[str, tuple[str, ...]] = {
    "ibasho": ("飲み物は自由にどうぞ。", "出入り自由なので、途中からでも途中まででも大丈夫です。"),
    "salon": ("月に一度、保健師による健康相談もあります。", "お誕生月の方にはささやかなお祝いをしています。"),
    "work_experience": ("体験のあとは、希望に応じて次のステップを一緒に考えます。", "作業着と軍手はお貸しします。"),
    "kodomo_shokudo": (
        "食材は地域の農家さんやフードバンクから寄付していただいています。",
        "メニューは季節ごとに変わります。",
    ),
    "study_support": ("筆記用具と宿題を持ってきてください。", "進路の相談にものります。"),
    "volunteers_wanted": (
        "ボランティア保険の費用は団体が負担します。",
        "活動のあとはみんなでお茶を飲んで振り返ります。",
    ),
    "consultation": ("相談は無料で、秘密は守られます。", "電話やメールでの相談もできます。"),
}
