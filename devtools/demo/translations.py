"""Hand-written translations of demo entries (name and description) in en, pt-BR, vi and zh-Hans.

Each template is a complete entry text in Japanese with its translations, so the translated page says
the same thing as the Japanese one. {place} is the 地区 (本町 / Honcho / 本町).
"""

from __future__ import annotations

from dataclasses import dataclass

from devtools.demo.town import DistrictSpec

LOCALES = ("en", "pt-BR", "vi", "zh-Hans")
_ZH_PLACES = {"南が丘": "南丘"}
"""Chinese writes kanji place names as they are, except the kana in 南が丘."""


def place_name(locale: str, district: DistrictSpec) -> str:
    """The 地区 short name as a reader of `locale` expects it (romaji for Latin-script languages)."""
    if locale == "ja":
        return district.short
    if locale == "zh-Hans":
        return _ZH_PLACES.get(district.short, district.short)
    return district.romaji


@dataclass(frozen=True)
class Template:
    """An entry's name and description in Japanese and every demo locale."""

    variant: str
    name: dict[str, str]
    description: dict[str, str]


def _t(variant: str, names: tuple[str, ...], descriptions: tuple[str, ...]) -> Template:
    locales = ("ja", *LOCALES)
    return Template(variant, dict(zip(locales, names, strict=True)), dict(zip(locales, descriptions, strict=True)))


TEMPLATES: tuple[Template, ...] = (
    _t(
        "youth_cafe",
        (
            "{place}ユースカフェ",
            "{place} Youth Café",
            "Café Jovem {place}",
            "Quán cà phê thanh niên {place}",
            "{place}青年咖啡馆",
        ),
        (
            "ボードゲームやおしゃべりをしながら、自由に過ごせるスペースです。15歳から39歳までの方が対象で、学校や仕事に行っていない方も歓迎します。",
            "A relaxed space where you can spend time as you like, playing board games or chatting. For people aged 15 to 39, including those who are not in school or work.",
            "Um espaço tranquilo para passar o tempo como quiser, com jogos de tabuleiro e conversa. Para pessoas de 15 a 39 anos, inclusive quem não está estudando nem trabalhando.",
            "Không gian thoải mái để bạn tự do sinh hoạt, chơi board game hoặc trò chuyện. Dành cho người từ 15 đến 39 tuổi, kể cả những bạn hiện không đi học hay đi làm.",
            "可以一边玩桌游、聊天，一边自由度过时间的空间。面向15岁至39岁的人士，也欢迎目前没有上学或工作的朋友。",
        ),
    ),
    _t(
        "community_cafe",
        (
            "{place}コミュニティカフェ",
            "{place} Community Café",
            "Café Comunitário {place}",
            "Quán cà phê cộng đồng {place}",
            "{place}社区咖啡馆",
        ),
        (
            "お茶を飲みながら、ご近所の方とゆっくり過ごせるカフェです。子どもからお年寄りまで、どなたでも立ち寄れます。",
            "A café where you can relax over a cup of tea with your neighbours. Everyone is welcome, from children to older people.",
            "Um café para relaxar tomando chá com os vizinhos. Todos são bem-vindos, de crianças a idosos.",
            "Quán cà phê nơi bạn có thể thư thả uống trà cùng hàng xóm. Mọi người đều được chào đón, từ trẻ em đến người cao tuổi.",
            "可以一边喝茶，一边和邻居们悠闲相处的咖啡馆。从孩子到老人，谁都可以随时来坐坐。",
        ),
    ),
    _t(
        "quiet_room",
        (
            "ほっとスペース {place}",
            "Quiet Room {place}",
            "Sala Tranquila {place}",
            "Phòng yên tĩnh {place}",
            "{place}安心小屋",
        ),
        (
            "少人数でゆっくり過ごせる、静かな部屋を開いています。人の多い場所が苦手な方も、安心してお越しください。",
            "We open a quiet room where a few people can spend time at their own pace. If crowded places are hard for you, you are very welcome here.",
            "Abrimos uma sala silenciosa onde poucas pessoas passam o tempo no seu ritmo. Quem não se sente bem em lugares cheios é muito bem-vindo.",
            "Chúng tôi mở một căn phòng yên tĩnh, ít người, để bạn thong thả nghỉ ngơi. Nếu bạn ngại chỗ đông người, hãy yên tâm ghé qua.",
            "我们开放一间安静的小房间，人数不多，可以慢慢待着。不喜欢人多场合的朋友也请放心前来。",
        ),
    ),
    _t(
        "fureai_salon",
        (
            "{place}ふれあいサロン",
            "{place} Friendship Salon",
            "Salão de Convivência {place}",
            "Buổi giao lưu {place}",
            "{place}交流沙龙",
        ),
        (
            "お茶とお菓子を囲んでおしゃべりを楽しむ集まりです。おおむね65歳以上の地域の方が対象で、季節の行事や脳トレも行います。",
            "A gathering to chat over tea and snacks, with seasonal events and brain-training games. For local residents aged about 65 and over.",
            "Um encontro para conversar com chá e petiscos, com eventos sazonais e jogos para exercitar a mente. Para moradores do bairro com cerca de 65 anos ou mais.",
            "Buổi gặp mặt trò chuyện bên tách trà và bánh kẹo, có sự kiện theo mùa và trò chơi rèn luyện trí nhớ. Dành cho cư dân trong khu vực từ khoảng 65 tuổi trở lên.",
            "大家围坐在一起喝茶吃点心、聊天的聚会，还有季节性活动和健脑游戏。对象为大约65岁以上的本地居民。",
        ),
    ),
    _t(
        "mens_cooking",
        (
            "男の料理サロン {place}",
            "Men's Cooking Salon {place}",
            "Culinária para Homens {place}",
            "Lớp nấu ăn cho nam giới {place}",
            "{place}男士料理沙龙",
        ),
        (
            "男性だけで料理をつくり、できた料理を一緒に食べます。包丁を握ったことがない方も大歓迎です。",
            "Men cook together and then share the meal. Complete beginners who have never held a kitchen knife are very welcome.",
            "Homens cozinham juntos e depois compartilham a refeição. Iniciantes que nunca pegaram numa faca de cozinha são muito bem-vindos.",
            "Nam giới cùng nhau nấu ăn rồi cùng thưởng thức. Rất hoan nghênh cả những người chưa từng cầm dao làm bếp.",
            "男士们一起做饭，做好后一起享用。从来没拿过菜刀的人也非常欢迎。",
        ),
    ),
    _t(
        "orange_cafe",
        (
            "{place}認知症カフェ",
            "{place} Dementia Café",
            "Café da Memória {place}",
            "Cà phê dành cho người sa sút trí tuệ {place}",
            "{place}认知症咖啡馆",
        ),
        (
            "認知症の方やご家族、地域の方が気軽に集まり、専門職にも相談できるカフェです。",
            "A café where people living with dementia, their families and neighbours can drop in and talk to care professionals.",
            "Um café onde pessoas com demência, seus familiares e vizinhos podem se reunir e conversar com profissionais de cuidado.",
            "Quán cà phê nơi người sa sút trí tuệ, gia đình và người dân trong khu vực có thể thoải mái gặp gỡ và trao đổi với chuyên gia.",
            "认知症患者及其家人、社区居民可以轻松聚会，并向专业人员咨询的咖啡馆。",
        ),
    ),
    _t(
        "farm",
        (
            "畑しごと体験 {place}ファーム",
            "{place} Farm Work Experience",
            "Experiência na Horta {place}",
            "Trải nghiệm làm nông {place}",
            "{place}农场农活体验",
        ),
        (
            "野菜の種まきや収穫、草取りなど、畑の作業を一緒に行います。働くことに不安のある方、しばらく仕事から離れていた方が対象です。",
            "Join us in the fields sowing, harvesting and weeding vegetables. For people who feel unsure about working or have been away from work for a while.",
            "Trabalhe conosco na horta: semear, colher e tirar o mato. Para quem tem insegurança em trabalhar ou ficou um tempo sem emprego.",
            "Cùng chúng tôi gieo hạt, thu hoạch và nhổ cỏ ngoài ruộng rau. Dành cho người còn lo lắng về việc đi làm hoặc đã nghỉ việc một thời gian.",
            "和我们一起在田里播种、收获、除草。面向对工作感到不安、或离开职场一段时间的人士。",
        ),
    ),
    _t(
        "cafe_work",
        (
            "カフェ{place} 接客・調理補助体験",
            "Café {place}: Work Experience in Service and Kitchen",
            "Café {place}: Experiência em Atendimento e Cozinha",
            "Quán cà phê {place}: Trải nghiệm phục vụ và phụ bếp",
            "{place}咖啡馆 接待与厨房助手体验",
        ),
        (
            "開店前の準備や皿洗い、簡単な接客など、できることから少しずつ体験します。人と話すのが苦手な方は、厨房の作業から始められます。",
            "Try out work step by step: getting ready before opening, washing dishes and simple customer service. If talking to people is hard, you can start in the kitchen.",
            "Experimente o trabalho aos poucos: preparar o café antes de abrir, lavar a louça e atender clientes de forma simples. Se conversar for difícil, pode começar na cozinha.",
            "Từng bước trải nghiệm công việc: chuẩn bị trước giờ mở cửa, rửa bát và phục vụ khách đơn giản. Nếu bạn ngại giao tiếp, có thể bắt đầu từ việc trong bếp.",
            "从开店前的准备、洗碗、简单的接待开始，一点一点体验工作。不擅长与人交谈的人，可以先从厨房工作做起。",
        ),
    ),
    _t(
        "light_work",
        (
            "{place}作業所 軽作業体験",
            "{place} Workshop: Light Work Experience",
            "Oficina {place}: Experiência de Trabalho Leve",
            "Xưởng {place}: Trải nghiệm việc nhẹ",
            "{place}作业所 轻作业体验",
        ),
        (
            "封入や袋詰め、シール貼りなどの軽作業を、自分のペースで体験できます。障害のある方、長く働いていなかった方も、短い時間から始められます。",
            "Try light work such as stuffing envelopes, bagging and putting on labels, at your own pace. People with disabilities or who have not worked for a long time can start with short hours.",
            "Experimente trabalhos leves, como envelopar, embalar e colar etiquetas, no seu ritmo. Pessoas com deficiência ou que não trabalham há muito tempo podem começar com poucas horas.",
            "Trải nghiệm các việc nhẹ như cho giấy vào phong bì, đóng túi, dán nhãn theo nhịp độ của bạn. Người khuyết tật hoặc đã lâu không đi làm có thể bắt đầu với thời gian ngắn.",
            "可以按照自己的节奏体验装信封、装袋、贴标签等轻作业。残障人士或长期没有工作的人也可以从短时间开始。",
        ),
    ),
    _t(
        "shokudo",
        (
            "みんなの食堂 {place}",
            "Everyone's Kitchen {place}",
            "Refeitório de Todos {place}",
            "Bếp ăn chung {place}",
            "{place}大家的食堂",
        ),
        (
            "手づくりの温かいごはんを、みんなで一緒に食べる食堂です。子どもだけでも、親子でも、地域の大人の方もどうぞ。",
            "A community kitchen where we eat warm, home-made meals together. Children on their own, parents with children and local adults are all welcome.",
            "Um refeitório comunitário onde comemos juntos comida caseira e quentinha. Crianças sozinhas, pais com filhos e adultos do bairro são todos bem-vindos.",
            "Bếp ăn cộng đồng nơi mọi người cùng nhau ăn những bữa cơm nóng tự nấu. Trẻ em đi một mình, cha mẹ cùng con và người lớn trong khu vực đều được chào đón.",
            "大家一起吃热腾腾的手工饭菜的食堂。孩子单独来、亲子一起来，或社区的大人都欢迎。",
        ),
    ),
    _t(
        "pantry_shokudo",
        (
            "{place}おやこ食堂",
            "{place} Family Kitchen",
            "Refeitório Família {place}",
            "Bếp ăn gia đình {place}",
            "{place}亲子食堂",
        ),
        (
            "カレーや丼ものなど、子どもが好きなメニューを用意しています。食品の持ち帰り（フードパントリー）もあります。",
            "We cook the dishes children love, such as curry and rice bowls. Food to take home (food pantry) is also available.",
            "Preparamos pratos que as crianças adoram, como curry e tigelas de arroz. Também há alimentos para levar para casa (despensa solidária).",
            "Chúng tôi nấu những món trẻ em yêu thích như cà ri và cơm tô. Ngoài ra còn có thực phẩm mang về (food pantry).",
            "准备咖喱饭、盖饭等孩子们喜欢的菜单。还可以领取食品带回家（食物银行）。",
        ),
    ),
    _t(
        "temple_shokudo",
        (
            "お寺の子ども食堂 {place}",
            "Temple Children's Kitchen {place}",
            "Refeitório Infantil do Templo {place}",
            "Bếp ăn trẻ em tại chùa {place}",
            "{place}寺院儿童食堂",
        ),
        (
            "お寺の本堂を開放して、みんなでごはんを食べます。食後はお坊さんと一緒に遊ぶ時間もあります。",
            "The temple opens its main hall so we can all eat together. After the meal there is time to play with the monks.",
            "O templo abre o salão principal para comermos todos juntos. Depois da refeição há tempo para brincar com os monges.",
            "Chùa mở cửa chính điện để mọi người cùng ăn cơm. Sau bữa ăn còn có thời gian vui chơi cùng các nhà sư.",
            "寺院开放正殿，大家一起吃饭。饭后还有和僧人一起玩耍的时间。",
        ),
    ),
    _t(
        "junior_study",
        ("{place}学習教室", "{place} Study Room", "Sala de Estudos {place}", "Lớp học {place}", "{place}学习教室"),
        (
            "学生ボランティアが一人ひとりのペースに合わせて勉強を教えます。市内の中学生が対象です。",
            "Student volunteers help each learner at their own pace. For junior high school students living in the city.",
            "Estudantes voluntários ajudam cada aluno no seu ritmo. Para alunos do ensino fundamental II que moram na cidade.",
            "Các tình nguyện viên sinh viên dạy học theo tốc độ của từng em. Dành cho học sinh trung học cơ sở sống trong thành phố.",
            "学生志愿者配合每个人的进度辅导学习。对象为市内的初中生。",
        ),
    ),
    _t(
        "japanese_study",
        (
            "{place}にほんご学習支援",
            "{place} Japanese Study Support for Children",
            "Apoio ao Japonês para Crianças {place}",
            "Hỗ trợ học tiếng Nhật {place}",
            "{place}儿童日语学习支援",
        ),
        (
            "外国にルーツのある子どもたちが、日本語と学校の勉強を学びます。小学生から高校生まで。保護者の方の相談にものります。",
            "Children with roots abroad study Japanese and their school subjects. From primary to high school; parents can ask us for advice too.",
            "Crianças com raízes no exterior estudam japonês e as matérias da escola. Do ensino fundamental ao médio; os pais também podem pedir orientação.",
            "Trẻ em có gốc nước ngoài học tiếng Nhật và các môn học ở trường. Từ tiểu học đến trung học phổ thông; phụ huynh cũng có thể xin tư vấn.",
            "有外国背景的孩子们在这里学习日语和学校课程。对象为小学生到高中生，也接受家长的咨询。",
        ),
    ),
    _t(
        "homework_club",
        (
            "{place}放課後まなび教室",
            "{place} After-School Homework Club",
            "Clube de Lição de Casa {place}",
            "Câu lạc bộ làm bài tập {place}",
            "{place}放学后学习教室",
        ),
        (
            "放課後に宿題をしたり、本を読んだりして過ごします。地域の大人が見守ります。小学生が対象です。",
            "After school, children do their homework or read books while local adults keep an eye on them. For primary school children.",
            "Depois da escola, as crianças fazem a lição de casa ou leem, acompanhadas por adultos do bairro. Para alunos do ensino fundamental I.",
            "Sau giờ học, các em làm bài tập hoặc đọc sách, có người lớn trong khu vực trông nom. Dành cho học sinh tiểu học.",
            "放学后在这里写作业、看书，由社区的大人照看。对象为小学生。",
        ),
    ),
    _t(
        "cook_volunteer",
        (
            "子ども食堂の調理・配膳ボランティア（{place}）",
            "Volunteers Wanted: Cooking and Serving at the Children's Kitchen ({place})",
            "Procuram-se Voluntários: Cozinha e Serviço no Refeitório Infantil ({place})",
            "Tuyển tình nguyện viên nấu ăn và phục vụ tại bếp ăn trẻ em ({place})",
            "招募儿童食堂烹饪与配餐志愿者（{place}）",
        ),
        (
            "子ども食堂で、調理や配膳、片付けを手伝ってくださる方を募集しています。料理が得意でなくても大丈夫です。",
            "We are looking for people to help with cooking, serving and cleaning up at the children's kitchen. You don't need to be good at cooking.",
            "Procuramos pessoas para ajudar a cozinhar, servir e arrumar no refeitório infantil. Não é preciso saber cozinhar bem.",
            "Chúng tôi đang tìm người giúp nấu ăn, chia thức ăn và dọn dẹp tại bếp ăn trẻ em. Không cần nấu ăn giỏi.",
            "儿童食堂正在招募帮忙烹饪、配餐和收拾的志愿者。不擅长做饭也没关系。",
        ),
    ),
    _t(
        "park_volunteer",
        (
            "{place}公園 花壇づくりボランティア",
            "{place} Park Flower-Bed Volunteers",
            "Voluntários para os Canteiros do Parque {place}",
            "Tình nguyện viên chăm sóc bồn hoa công viên {place}",
            "{place}公园花坛志愿者",
        ),
        (
            "月に一度、公園の花壇の手入れやごみ拾いを行います。一度だけの参加も歓迎します。",
            "Once a month we look after the park's flower beds and pick up litter. You are welcome to join just once.",
            "Uma vez por mês cuidamos dos canteiros do parque e recolhemos o lixo. Pode participar só uma vez, se quiser.",
            "Mỗi tháng một lần, chúng tôi chăm sóc bồn hoa và nhặt rác trong công viên. Tham gia một lần cũng rất hoan nghênh.",
            "每月一次打理公园花坛、捡拾垃圾。只参加一次也欢迎。",
        ),
    ),
    _t(
        "driver_volunteer",
        (
            "サロン送迎ボランティア（{place}）",
            "Volunteer Drivers for the Salon ({place})",
            "Motoristas Voluntários para o Salão ({place})",
            "Tình nguyện viên lái xe đưa đón ({place})",
            "沙龙接送志愿者（{place}）",
        ),
        (
            "高齢の方の送迎を手伝ってくださる方を募集しています。車は社協のものを使います。普通自動車免許をお持ちの方が対象です。",
            "We are looking for drivers to take older people to and from the salon, using the council's car. A regular driving licence is required.",
            "Procuramos motoristas para levar e trazer idosos ao salão, com o carro do conselho de bem-estar social. É preciso ter carteira de motorista comum.",
            "Chúng tôi tìm người lái xe đưa đón người cao tuổi, sử dụng xe của Hội đồng Phúc lợi Xã hội. Cần có bằng lái ô tô thông thường.",
            "招募帮忙接送老年人的志愿者，使用社会福利协议会的车辆。需持有普通汽车驾照。",
        ),
    ),
    _t(
        "welfare_desk",
        (
            "{place}ふくしなんでも相談",
            "{place} Welfare Advice Desk",
            "Atendimento de Bem-Estar {place}",
            "Quầy tư vấn phúc lợi {place}",
            "{place}福利综合咨询",
        ),
        (
            "暮らしの困りごとを何でも相談できる窓口です。内容に応じて必要な支援機関におつなぎします。",
            "A desk where you can talk about any problem in daily life. Depending on your situation, we connect you with the right support services.",
            "Um balcão onde você pode falar de qualquer dificuldade do dia a dia. Conforme o caso, encaminhamos você aos serviços de apoio adequados.",
            "Quầy tư vấn mọi khó khăn trong cuộc sống. Tùy theo nội dung, chúng tôi sẽ kết nối bạn với cơ quan hỗ trợ phù hợp.",
            "生活中的任何烦恼都可以来咨询的窗口。我们会根据内容为您联系合适的支援机构。",
        ),
    ),
    _t(
        "foreign_desk",
        (
            "多言語相談窓口（{place}）",
            "Multilingual Advice Desk ({place})",
            "Atendimento Multilíngue ({place})",
            "Quầy tư vấn đa ngôn ngữ ({place})",
            "多语言咨询窗口（{place}）",
        ),
        (
            "在留手続き、仕事、子育て、学校のことなど、生活の相談を多言語で受け付けます。通訳が同席します。",
            "Advice in several languages on residence procedures, work, raising children, school and daily life. An interpreter joins the consultation.",
            "Orientação em vários idiomas sobre visto, trabalho, criação dos filhos, escola e vida cotidiana. Um intérprete acompanha o atendimento.",
            "Tư vấn bằng nhiều ngôn ngữ về thủ tục lưu trú, việc làm, nuôi con, trường học và cuộc sống. Có phiên dịch viên tham gia.",
            "用多种语言受理在留手续、工作、育儿、学校等生活方面的咨询。有翻译在场。",
        ),
    ),
    _t(
        "youth_desk",
        (
            "{place}ユース相談室",
            "{place} Youth Advice Room",
            "Atendimento para Jovens {place}",
            "Phòng tư vấn thanh niên {place}",
            "{place}青年咨询室",
        ),
        (
            "働くこと、人間関係、家族のことなど、若い方の悩みを専門の相談員がお聞きします。15歳から39歳までのご本人とご家族が対象です。",
            "Trained advisers listen to young people's worries about work, relationships, family and more. For people aged 15 to 39 and their families.",
            "Orientadores especializados ouvem as preocupações dos jovens sobre trabalho, relacionamentos, família e mais. Para pessoas de 15 a 39 anos e suas famílias.",
            "Chuyên viên tư vấn lắng nghe những băn khoăn của người trẻ về công việc, quan hệ, gia đình... Dành cho người từ 15 đến 39 tuổi và gia đình.",
            "专业咨询员倾听年轻人关于工作、人际关系、家庭等方面的烦恼。对象为15岁至39岁的本人及其家人。",
        ),
    ),
)
