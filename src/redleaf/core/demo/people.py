"""The demo's members: people with Chinese and English names, bios, the languages they speak and the
topics they post about. `members(n, rng)` returns the first n in a mixed order (Chinese, English,
bilingual), inventing more from name banks when n is larger than the cast."""

from __future__ import annotations

import random
from dataclasses import dataclass

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "redleaf-demo"  # noqa: S105 - printed by `redleaf seed`; a demo, not a secret


@dataclass(frozen=True)
class Persona:
    username: str
    display_name: str
    bio: str
    languages: tuple[str, ...]  # what they speak and write: "zh", "en"
    topics: tuple[str, ...]  # what they post about (keys of content.TOPICS)
    ui_language: str = ""  # "" lets the browser decide

    @property
    def writes(self) -> tuple[str, ...]:
        return self.languages


DEMO = Persona(
    DEMO_USERNAME, "Demo 演示", "红叶的演示账号，随便逛逛、发笔记、点赞评论吧。The demo account: look around, post, like, comment.",
    ("zh", "en"), ("food", "pets", "travel", "study", "money", "home", "fashion", "fitness"),
)

CHINESE = [
    Persona("xiaomei_chi", "小美爱吃", "成都土著｜探店不踩雷｜一人食也要好好吃饭", ("zh",), ("food",), "zh-hans"),
    Persona("maomao_mama", "毛毛妈", "家有两只橘猫，一只胖，一只更胖", ("zh",), ("pets",), "zh-hans"),
    Persona("linxi_travel", "林夕去旅行", "背包走过 23 个省｜攻略控｜只拍风景不拍人", ("zh",), ("travel",), "zh-hans"),
    Persona("kaoyan_ajie", "考研阿杰", "二战上岸｜分享笔记和时间管理｜一起加油", ("zh",), ("study",), "zh-hans"),
    Persona("licai_xiaozhou", "理财小周", "月薪八千存下一半的普通人｜记账第三年", ("zh",), ("money",), "zh-hans"),
    Persona("nuannuan_home", "暖暖的小家", "40 平出租屋改造｜租房也要住得舒服", ("zh",), ("home",), "zh-hans"),
    Persona("vivi_chuanda", "Vivi 穿搭日记", "155 小个子｜通勤穿搭｜一衣多穿", ("zh",), ("fashion",), "zh-hans"),
    Persona("dawei_lianle", "大伟练了吗", "健身五年｜减脂 30 斤｜不节食不乱吃补剂", ("zh",), ("fitness",), "zh-hans"),
    Persona("tangtang_bake", "糖糖烘焙", "周末烘焙｜零失败配方｜甜而不腻", ("zh",), ("food", "home"), "zh-hans"),
    Persona("shanghai_lili", "上海丽丽", "魔都打工人｜下班后的小确幸｜咖啡续命", ("zh",), ("food", "fashion"), "zh-hans"),
    Persona("erha_zhuren", "二哈的主人", "我家哈士奇今天又拆家了……", ("zh",), ("pets",), "zh-hans"),
    Persona("xibei_laoma", "西北老马", "常年在甘肃青海自驾｜大西北真的很美", ("zh",), ("travel",), "zh-hans"),
    Persona("xueba_xiaoyu", "学霸小雨", "大三｜六级 650｜手帐爱好者", ("zh",), ("study",), "zh-hans"),
    Persona("jizhang_yaya", "记账丫丫", "极简生活｜不乱买｜每月复盘", ("zh",), ("money", "home"), "zh-hans"),
    Persona("zhao_xiaoyun", "赵小云", "宝妈一枚｜收纳整理｜家务省时小技巧", ("zh",), ("home",), "zh-hans"),
    Persona("paobu_ajing", "跑步的阿晶", "全马 3:59｜晨跑打卡第 400 天", ("zh",), ("fitness",), "zh-hans"),
    Persona("guangzhou_ahuang", "广州阿黄", "早茶爱好者｜老广的味道", ("zh",), ("food", "travel"), "zh-hans"),
    Persona("mengmeng_tu", "萌萌兔", "养兔子的第二年｜兔兔是世界上最可爱的生物", ("zh",), ("pets",), "zh-hans"),
    Persona("xiaoqing_yichu", "小青衣橱", "新中式穿搭｜古着｜慢生活", ("zh",), ("fashion",), "zh-hans"),
    Persona("laochen_code", "程序员老陈", "写代码的｜业余学日语｜偶尔聊聊理财", ("zh",), ("study", "money"), "zh-hans"),
    Persona("yoga_wenwen", "瑜伽雯雯", "瑜伽老师｜体态调整｜每天拉伸十分钟", ("zh",), ("fitness",), "zh-hans"),
]

ENGLISH = [
    Persona("alex_eats", "Alex Chen", "Food nerd in Vancouver. Dumplings over everything.", ("en",), ("food",), "en"),
    Persona("sophie_cats", "Sophie & Mochi", "Mochi is a tabby with opinions. I'm just the staff.", ("en",), ("pets",), "en"),
    Persona("wandering_jake", "Jake Miller", "Slow travel, night trains and too many photos of mountains.", ("en",),
            ("travel",), "en"),
    Persona("budget_ben", "Ben Budgets", "Paid off $40k of debt. Now it's index funds and boring money.", ("en",),
            ("money",), "en"),
    Persona("cozy_nook", "Hannah's Cozy Nook", "Small apartment, big plants. Thrifted almost everything.", ("en",),
            ("home",), "en"),
    Persona("minimal_mia", "Mia Wears", "Capsule wardrobe: 30 pieces, every season.", ("en",), ("fashion",), "en"),
    Persona("liftwithlucas", "Lucas Lifts", "Strength coach. Progressive overload, not ego lifting.", ("en",),
            ("fitness",), "en"),
    Persona("priya_cooks", "Priya Cooks", "Home cook. My spice cabinet is bigger than my closet.", ("en",), ("food",), "en"),
    Persona("oliver_biscuit", "Oliver & Biscuit", "Golden retriever dad. Biscuit has more friends than I do.", ("en",),
            ("pets",), "en"),
    Persona("nora_nomad", "Nora Nomad", "Remote worker, 14 countries, one carry-on.", ("en",), ("travel", "money"), "en"),
    Persona("sam_reads", "Sam Reads", "Books, notes and quiet cafés.", ("en",), ("study",), "en"),
    Persona("grace_runs", "Grace Runs", "Marathoner, mum of two, early riser.", ("en",), ("fitness",), "en"),
    Persona("leo_thrifts", "Leo Thrifts", "Vintage finds and second-hand style.", ("en",), ("fashion", "home"), "en"),
]

BILINGUAL = [
    Persona("emma_studies", "Emma Studies", "Med student. Pomodoro fan. Learning Mandarin, 加油！", ("en", "zh"),
            ("study",), "en"),
    Persona("anna_zhang", "张安娜 Anna", "在伦敦读书的上海人｜中英双语分享生活 · A Shanghai girl in London.", ("zh", "en"),
            ("food", "travel")),
    Persona("david_wu", "David Wu 吴大卫", "Chinese-American working in Beijing · 在北京工作，中文还在学", ("en", "zh"),
            ("study", "travel")),
    Persona("mei_lin", "林美 Mei", "Designer · 设计师｜家居和穿搭 Home & style", ("zh", "en"), ("home", "fashion")),
    Persona("tom_tuantuan", "Tom 和团团", "Expat in Hangzhou with a rescue cat called 团团 · 在杭州", ("en", "zh"),
            ("pets", "food")),
    Persona("kevin_li", "Kevin Li 李凯文", "理财 · Personal finance, explained in two languages", ("zh", "en"),
            ("money", "study")),
    Persona("jenny_gym", "Jenny 健身日记", "Gym diary · 在上海健身｜Chinglish welcome", ("zh", "en"), ("fitness", "fashion")),
    Persona("yuki_chen", "陈雨琪 Yuki", "旅行摄影 · Travel photographer between Chengdu and Sydney", ("zh", "en"),
            ("travel", "pets")),
    Persona("lucy_wang", "Lucy 王露", "Teacher in Suzhou · 苏州的英语老师｜喜欢做饭", ("en", "zh"), ("food", "study")),
]

# For members past the cast: surnames and given names to combine.
ZH_SURNAMES = [("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
               ("黄", "huang"), ("赵", "zhao"), ("周", "zhou"), ("吴", "wu"), ("徐", "xu"), ("孙", "sun"),
               ("马", "ma"), ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("林", "lin"), ("高", "gao")]
ZH_GIVEN = [("晓雨", "xiaoyu"), ("子涵", "zihan"), ("思远", "siyuan"), ("欣怡", "xinyi"), ("浩然", "haoran"),
            ("雨桐", "yutong"), ("一鸣", "yiming"), ("佳琪", "jiaqi"), ("梓萱", "zixuan"), ("俊杰", "junjie"),
            ("诗涵", "shihan"), ("宇轩", "yuxuan"), ("若曦", "ruoxi"), ("明哲", "mingzhe"), ("可欣", "kexin")]
EN_FIRST = ["Olivia", "Liam", "Ava", "Noah", "Isla", "Ethan", "Chloe", "Mason", "Zoe", "Ryan", "Ella", "Owen",
            "Lily", "Daniel", "Ruby", "Henry", "Maya", "Jack", "Aria", "Leo"]
EN_LAST = ["Smith", "Brown", "Taylor", "Wilson", "Clark", "Walker", "Hall", "Young", "King", "Scott", "Green",
           "Baker", "Adams", "Nelson", "Hill", "Moore"]
ZH_BIO = {
    "food": "爱吃也爱做饭｜记录每一顿好好吃的饭", "pets": "猫狗双全｜云吸猫爱好者",
    "travel": "说走就走｜周末短途游", "study": "终身学习｜每天进步一点点",
    "money": "认真攒钱的普通人", "home": "把小家收拾得舒舒服服", "fashion": "日常穿搭分享｜不追潮流只穿舒服",
    "fitness": "坚持运动中｜自律给我自由",
}
EN_BIO = {
    "food": "Cooking my way through every cuisine.", "pets": "Professional pet photographer (unpaid).",
    "travel": "Weekend trips and window seats.", "study": "Always learning something new.",
    "money": "Saving, investing, and saying no to impulse buys.", "home": "Making a small space feel like home.",
    "fashion": "Everyday outfits, nothing too serious.", "fitness": "Moving a little every day.",
}
ALL_TOPICS = ("food", "pets", "travel", "study", "money", "home", "fashion", "fitness")


def _invented(i: int, rng: random.Random) -> Persona:
    topics = tuple(rng.sample(ALL_TOPICS, rng.choice((1, 2))))
    kind = i % 3
    if kind == 0:
        (surname, s_py), (given, g_py) = rng.choice(ZH_SURNAMES), rng.choice(ZH_GIVEN)
        return Persona(f"{s_py}{g_py}_{i}", surname + given, ZH_BIO[topics[0]], ("zh",), topics, "zh-hans")
    first, last = rng.choice(EN_FIRST), rng.choice(EN_LAST)
    if kind == 1:
        return Persona(f"{first.lower()}_{last.lower()}{i}", f"{first} {last}", EN_BIO[topics[0]], ("en",),
                       topics, "en")
    (surname, s_py), (given, _g) = rng.choice(ZH_SURNAMES), rng.choice(ZH_GIVEN)
    return Persona(f"{first.lower()}_{s_py}{i}", f"{first} {surname}{given}",
                   f"{ZH_BIO[topics[0]]} · {EN_BIO[topics[0]]}", ("zh", "en"), topics)


def members(n: int, rng: random.Random) -> list[Persona]:
    """`demo` first, then the cast mixed (two Chinese, one English, one bilingual, ...), then invented ones."""
    zh, en, both = list(CHINESE), list(ENGLISH), list(BILINGUAL)
    for group in (zh, en, both):
        rng.shuffle(group)
    cast: list[Persona] = []
    pattern = ("zh", "en", "both", "zh", "en", "zh")
    groups = {"zh": zh, "en": en, "both": both}
    while zh or en or both:
        for key in pattern:
            if groups[key]:
                cast.append(groups[key].pop(0))
    people = [DEMO, *cast]
    i = len(people)
    while len(people) < n:
        people.append(_invented(i, rng))
        i += 1
    return people[:max(n, 1)]
