"""Phrase banks for demo notes and comments, per topic and per language. A note is a title, an opener,
two or three details, a closer and a few #topics, with slots ({dish}, {city}, ...) filled once per
note so the title and the body talk about the same thing. Demo content only: the strings are data,
not interface text, so they are not translated."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

TITLE_MAX = 40

TOPIC_LABELS = {
    "food": ("美食", "food"), "pets": ("萌宠", "pets"), "travel": ("旅行", "travel"), "study": ("学习", "study"),
    "money": ("理财", "money"), "home": ("家居", "home"), "fashion": ("穿搭", "fashion"), "fitness": ("健身", "fitness"),
}

BANKS: dict[str, dict[str, dict]] = {
    "food": {
        "zh": {
            "slots": {
                "dish": ["番茄牛腩面", "酸菜鱼", "红油抄手", "葱油拌面", "虾仁蒸蛋", "麻辣香锅", "鲜肉小馄饨", "糖醋排骨",
                         "鲜虾肠粉", "腊味煲仔饭", "担担面", "生煎包", "火锅", "小笼包", "重庆小面"],
                "city": ["成都", "上海", "广州", "西安", "长沙", "重庆", "杭州", "北京"],
                "price": ["35", "48", "60", "80", "25"],
                "minutes": ["10", "15", "20", "30"],
            },
            "titles": ["{city}这家{dish}我愿称之为天花板", "一人食｜{minutes}分钟搞定{dish}", "{city}探店｜人均{price}吃到撑",
                       "在家复刻{dish}，比外卖还香", "冬天就该来一碗{dish}", "私藏小店｜{dish}真的绝了",
                       "减脂期也能吃的{dish}", "跟着妈妈学做{dish}", "打工人的午饭：{dish}"],
            "openers": ["今天终于吃到了心心念念的{dish}！", "周末在家没事，研究了一下{dish}的做法。",
                        "朋友推荐的小店，在{city}老城区的巷子里，很不起眼。", "下班太累不想点外卖，{minutes}分钟做了一碗{dish}。",
                        "这家店我已经回购第五次了，必须分享给大家。", "妈妈的味道永远是最好的，今天终于学会了{dish}。"],
            "details": ["汤底熬了好几个小时，喝一口整个人都暖了。", "老板是本地人，份量很实在，两个人吃完全够。",
                        "排队大概二十分钟，建议错峰去，下午两点左右人最少。", "人均{price}块，这个价格在{city}真的很良心。",
                        "秘诀是先把料炒香再加水，味道会浓很多。", "辣度可以选，微辣对我来说刚刚好。",
                        "配一碗米饭简直完美，汤汁拌饭我能吃两碗。", "食材都是早上去菜市场买的，新鲜最重要。",
                        "调料就是生抽、老抽、一点点糖，简单但好吃。", "店里环境一般，但味道真的没得说。",
                        "第一次做有点咸了，第二次少放了一半盐就刚好。"],
            "closers": ["吃货们冲！", "有同款推荐的评论区告诉我～", "下次还来！", "你们那边有什么好吃的？",
                        "做法有问题的可以问我哦。", "收藏起来周末试试吧。"],
            "tags": ["美食", "探店", "一人食", "家常菜", "{city}美食", "今天吃什么"],
            "mention": ["感谢 @{friend} 的推荐！", "和 @{friend} 一起去吃的，她也说好吃。", "下次带 @{friend} 一起来。"],
        },
        "en": {
            "slots": {
                "dish": ["beef noodle soup", "soup dumplings", "mapo tofu", "scallion oil noodles", "breakfast burritos",
                         "shakshuka", "chicken curry", "ramen", "banana bread", "dan dan noodles", "congee", "hot pot",
                         "xiaolongbao"],
                "city": ["Vancouver", "London", "Toronto", "Melbourne", "New York", "Singapore", "Chicago"],
                "price": ["12", "15", "20", "9"],
                "minutes": ["10", "15", "20", "30"],
            },
            "titles": ["The best {dish} in {city}?", "{minutes}-minute {dish} for lazy nights", "I made {dish} from scratch",
                       "Hidden gem: {dish} under ${price}", "Comfort food season: {dish}", "My mum's {dish}, finally",
                       "Meal prep Sunday: {dish}", "Is this {city}'s best-kept secret?"],
            "openers": ["Finally tried the {dish} everyone keeps talking about.", "Rainy Sunday, so I spent it making {dish}.",
                        "A friend dragged me to this tiny place in {city} and I'm so glad she did.",
                        "Too tired to order in, so here's {dish} in {minutes} minutes.",
                        "Fifth visit this month. I think I have a problem.", "My mum finally shared her {dish} recipe."],
            "details": ["The broth simmers for hours and you can taste every one of them.",
                        "Portions are huge; two of us shared one and still took some home.",
                        "Expect a 20-minute queue at lunch. Go around 2pm instead.",
                        "About ${price} a person, which is honestly a steal for {city}.",
                        "The trick is to toast the spices first, then add the liquid.",
                        "Ask for it medium spicy unless you really like heat.",
                        "Leftovers are even better the next day.", "Everything came from the farmers' market this morning.",
                        "Soy sauce, black vinegar, a pinch of sugar. That's it.",
                        "The place isn't fancy, but the food more than makes up for it.",
                        "First attempt was too salty; halving the salt fixed it."],
            "closers": ["Go, go, go!", "Tell me your favourite spot in the comments.", "Will definitely be back.",
                        "What should I cook next?", "Happy to share the full recipe, just ask.", "Save this for the weekend."],
            "tags": ["food", "foodie", "homecooking", "recipe", "{city}eats", "whattoeat"],
            "mention": ["Thanks @{friend} for the tip!", "Went with @{friend}, who approved.", "Next time I'm bringing @{friend}."],
        },
    },
    "pets": {
        "zh": {
            "slots": {
                "pet": ["橘猫", "布偶猫", "柯基", "哈士奇", "小兔子", "英短", "金毛", "柴犬", "小猫咪"],
                "name": ["团子", "年糕", "可乐", "布丁", "汤圆", "豆豆", "元宝", "奶茶"],
                "age": ["三个月", "半岁", "一岁", "两岁", "五岁"],
            },
            "titles": ["我家{pet}{name}又在搞事情", "{name}{age}啦，记录一下成长", "新手养{pet}必看的五件事",
                       "今日份的{name}已送达", "{pet}到底有多黏人", "{name}第一次洗澡，全程崩溃", "猫粮测评｜{name}挑嘴实录",
                       "云吸猫时间到"],
            "openers": ["每天下班回家，{name}都会在门口等我。", "{name}今天{age}了，从巴掌大长成了一个小胖子。",
                        "说出来你们可能不信，{name}自己学会了开柜门。", "养{pet}之前，我以为它会很独立，结果……",
                        "周末带{name}去体检，医生说它太胖了。", "今天给{name}换了新窝，它嫌弃了整整一天。"],
            "details": ["一听到开罐头的声音，跑得比谁都快。", "最近在控制饮食，每天定时定量，不再随便喂零食了。",
                        "晚上一定要睡在我枕头边，赶都赶不走。", "它最喜欢的玩具是一个快递纸箱，买的玩具一个都不玩。",
                        "疫苗和驱虫一定要按时做，这个真的不能省。", "掉毛季到了，每天梳出来的毛能再做一只猫。",
                        "猫砂换成了豆腐砂，味道小了很多。", "第一次见到雪，{name}兴奋地跑了好几圈。",
                        "拍照的时候永远不看镜头，只有这张勉强能看。", "医生说每天要陪它玩至少二十分钟。"],
            "closers": ["你家毛孩子也这样吗？", "求问大家家里的{pet}都吃什么粮？", "今天也是被治愈的一天。",
                        "点个赞让{name}开心一下吧。", "铲屎官们评论区晒娃！"],
            "tags": ["萌宠", "猫咪", "养宠日常", "铲屎官", "{pet}", "治愈"],
            "mention": ["@{friend} 快来看你的干儿子！", "和 @{friend} 家的狗狗约好周末一起去公园。"],
        },
        "en": {
            "slots": {
                "pet": ["tabby", "golden retriever", "corgi", "rescue cat", "bunny", "beagle", "ragdoll", "shiba"],
                "name": ["Mochi", "Biscuit", "Pepper", "Noodle", "Olive", "Bean", "Maple", "Toast"],
                "age": ["three months", "six months", "one", "two", "five"],
            },
            "titles": ["{name} is up to something again", "{name} turned {age} today!", "5 things I wish I knew about a {pet}",
                       "Your daily dose of {name}", "Cat tax, as promised", "{name}'s first bath went badly",
                       "Honest review: {name} vs new food", "Adopt, don't shop: {name}'s story"],
            "openers": ["{name} waits by the door every single evening.", "{name} is {age} now and no longer fits in one hand.",
                        "You won't believe it, but {name} learned to open the cupboard.",
                        "I thought a {pet} would be independent. I was very wrong.",
                        "Took {name} to the vet today; apparently someone is a little chonky.",
                        "Bought {name} a fancy new bed. {name} prefers the box it came in."],
            "details": ["The sound of a can opening gets a faster response than my name ever will.",
                        "We switched to measured meals, no more random treats.", "Sleeps on my pillow. Not next to it. On it.",
                        "Favourite toy is still a cardboard box, naturally.", "Keep up with vaccines and flea treatment, it matters.",
                        "Shedding season is here; I could knit a second {pet}.", "First snow today and {name} did zoomies for ten minutes.",
                        "Never looks at the camera. This was the best of forty shots.",
                        "The vet says twenty minutes of play a day keeps them happy."],
            "closers": ["Does yours do this too?", "What food does your {pet} like?", "Healed by {name}, once again.",
                        "Drop your pet pics below!", "Give {name} a like, it'll make their day."],
            "tags": ["pets", "cattax", "catsofredleaf", "dogsofredleaf", "{name}", "adoptdontshop"],
            "mention": ["@{friend} your favourite nephew says hi!", "Playdate with @{friend}'s pup this weekend."],
        },
    },
    "travel": {
        "zh": {
            "slots": {
                "place": ["大理", "稻城亚丁", "青海湖", "厦门鼓浪屿", "西安", "桂林阳朔", "张家界", "敦煌", "婺源", "黄山"],
                "days": ["三", "四", "五", "七"],
                "budget": ["1500", "2000", "3000", "3500"],
            },
            "titles": ["{place}{days}天攻略｜人均{budget}", "一个人去{place}是什么体验", "{place}避坑指南，看完再出发",
                       "在{place}看到了这辈子最美的日出", "周末短途｜{place}两日游", "{place}小众机位分享",
                       "秋天一定要去一次{place}", "{place}住宿推荐｜性价比超高"],
            "openers": ["终于去了心心念念的{place}，整理了一份攻略给大家。", "请了年假，一个人去{place}待了{days}天。",
                        "凌晨四点起床爬山，就为了看{place}的日出，值了。", "这次{place}之行花了{budget}块，详细账单放在下面。",
                        "去之前做了很多功课，还是踩了几个坑，分享出来帮大家避雷。"],
            "details": ["交通：高铁到市区，然后包车，比自己开车轻松很多。", "住宿选在古城外面，安静而且便宜一半。",
                        "一定要带防晒和外套，早晚温差特别大。", "景区门票可以提前在网上买，现场排队要一个小时。",
                        "当地的小吃街晚上才热闹，别太早去。", "拍照最好的时间是日落前一小时，光线特别温柔。",
                        "旺季人太多了，建议错峰出行。", "路上遇到的当地人都特别热情，还给我们指了近路。",
                        "第二天下了一整天雨，刚好在客栈喝茶看书，也很惬意。"],
            "closers": ["有问题评论区问我～", "下一站想去哪儿，大家推荐一下？", "收藏起来，说走就走！",
                        "希望大家都能去看看。", "总之，非常值得！"],
            "tags": ["旅行", "旅行攻略", "{place}", "周末去哪儿", "风景", "一个人旅行"],
            "mention": ["和 @{friend} 一起去的，她拍的照片比我好看多了。", "攻略参考了 @{friend} 的笔记，超有用。"],
        },
        "en": {
            "slots": {
                "place": ["Kyoto", "the Dolomites", "Lisbon", "Iceland", "Yunnan", "Banff", "the Scottish Highlands",
                          "Hoi An", "Patagonia", "Chengdu"],
                "days": ["3", "4", "5", "7"],
                "budget": ["600", "900", "1,200", "1,500"],
            },
            "titles": ["{days} days in {place} for ${budget}", "Solo in {place}: what it was like", "{place}: mistakes to avoid",
                       "Best sunrise of my life in {place}", "A slow weekend in {place}", "Quiet photo spots in {place}",
                       "Why autumn is the time for {place}", "Where to stay in {place}"],
            "openers": ["Finally made it to {place}, so here's everything I learned.",
                        "Took a week off and spent {days} days alone in {place}.",
                        "Set an alarm for 4am to catch the sunrise in {place}. Worth it.",
                        "The whole trip to {place} cost about ${budget}; breakdown below.",
                        "I planned this trip for months and still made a few mistakes."],
            "details": ["Getting around: trains to the city, then a local driver for the day trips.",
                        "Stay just outside the old town: quieter and half the price.",
                        "Pack layers; mornings and evenings get cold fast.",
                        "Book tickets online the night before, the queues are brutal.",
                        "The night market only gets going after eight.", "Golden hour here is unreal, plan around it.",
                        "It was packed in peak season, so go shoulder season if you can.",
                        "Locals were incredibly kind and showed us a shortcut up the hill.",
                        "It rained all of day two, which turned into the best lazy café day."],
            "closers": ["Ask me anything in the comments!", "Where should I go next?", "Save this for your next trip.",
                        "Honestly, just go.", "Ten out of ten, would get lost again."],
            "tags": ["travel", "traveltips", "solotravel", "wanderlust", "slowtravel", "itinerary"],
            "mention": ["Travelled with @{friend}, whose photos are better than mine.",
                        "Used @{friend}'s notes to plan this, super helpful."],
        },
    },
    "study": {
        "zh": {
            "slots": {
                "exam": ["考研", "六级", "雅思", "教资", "法考", "期末考试"],
                "hours": ["六", "八", "十"],
                "score": ["650", "7.5", "400+", "92"],
                "book": ["《刻意练习》", "《如何阅读一本书》", "《原则》", "《认知天性》"],
            },
            "titles": ["{exam}上岸经验｜我是怎么复习的", "每天学习{hours}小时的时间表", "{exam}拿到{score}的方法",
                       "读完{book}，我改变了学习方式", "手帐分享｜本周学习计划", "番茄钟学习法真的有用吗",
                       "自律不是靠意志力", "图书馆占座指南（开玩笑）"],
            "openers": ["很多人私信问我{exam}怎么准备，今天统一回答一下。", "分享一下我的学习时间表，每天{hours}小时。",
                        "最近读完了{book}，收获很大。", "期末周又来了，整理了一份复习方法。",
                        "坚持早起学习一百天了，说说真实感受。"],
            "details": ["早上背单词，下午做真题，晚上复盘错题，节奏很重要。", "用番茄钟，25 分钟专注，5 分钟休息，效率高很多。",
                        "错题本一定要做，而且要定期回看。", "手机放在另一个房间，真的能多学两个小时。",
                        "不要一直看网课，输出比输入更重要。", "每周日晚上做一次复盘，调整下周计划。",
                        "累了就去跑步，运动之后头脑特别清醒。", "和室友组了学习小组，互相监督。",
                        "书里说的『提取练习』，就是合上书把学过的内容讲出来。"],
            "closers": ["一起加油！", "有问题评论区见～", "希望对大家有帮助。", "今天你学习了吗？", "收藏等于学会（不是）。"],
            "tags": ["学习", "自律", "{exam}", "学习方法", "手帐", "读书笔记"],
            "mention": ["和 @{friend} 一起打卡，互相监督。", "方法是 @{friend} 教我的，亲测有效。"],
        },
        "en": {
            "slots": {
                "exam": ["the MCAT", "the bar exam", "finals", "IELTS", "HSK 4", "the GRE"],
                "hours": ["6", "8", "10"],
                "book": ["Make It Stick", "Deep Work", "Atomic Habits", "How to Read a Book"],
            },
            "titles": ["How I studied for {exam}", "My {hours}-hour study day", "What {book} taught me",
                       "Weekly planner spread", "Does Pomodoro actually work?", "Discipline isn't about willpower",
                       "Learning Chinese: month three", "My note-taking system"],
            "openers": ["So many of you asked how I prepared for {exam}, so here goes.",
                        "Sharing my study schedule: about {hours} hours a day.", "Just finished {book} and it changed how I study.",
                        "Exam season is here, so I put together my revision routine.",
                        "One hundred days of early-morning study. Here's how it really went."],
            "details": ["Flashcards in the morning, practice papers after lunch, review mistakes at night.",
                        "25 minutes of focus, 5 minutes off. It's boring and it works.",
                        "Keep an error log and actually go back to it.", "Phone in another room = two extra hours a day.",
                        "Stop rewatching lectures; testing yourself beats rereading.",
                        "Every Sunday night I review the week and plan the next one.",
                        "A short run clears my head better than another coffee.",
                        "Found a study group that keeps me accountable.",
                        "Retrieval practice: close the book and explain it out loud."],
            "closers": ["You've got this!", "Questions? Drop them below.", "Hope this helps someone.",
                        "What are you studying today?", "Saving counts as studying, right?"],
            "tags": ["studygram", "studytips", "productivity", "booknotes", "learnchinese", "studywithme"],
            "mention": ["Studying alongside @{friend} keeps me honest.", "Learned this method from @{friend}."],
        },
    },
    "money": {
        "zh": {
            "slots": {
                "salary": ["六千", "八千", "一万", "一万二"],
                "saved": ["三万", "五万", "八万", "十万"],
                "months": ["六个月", "一年", "两年"],
                "pct": ["30%", "40%", "50%"],
            },
            "titles": ["月薪{salary}，{months}存下{saved}", "记账第三年，我的消费观变了", "普通人的理财三件事",
                       "我是怎么戒掉冲动消费的", "存钱挑战｜每月存{pct}", "基金定投一年的真实收益",
                       "年轻人要不要买保险？", "一张表管好全年开支"],
            "openers": ["刚工作的时候月光，现在{months}存下了{saved}，分享一下我的方法。",
                        "很多人问我记账有没有用，我的答案是：非常有用。", "今天聊聊普通人最该先做的三件理财小事。",
                        "以前特别爱买买买，后来发现快乐并没有变多。", "定投一年了，把真实收益晒出来给大家参考。"],
            "details": ["工资到账先存{pct}，剩下的才是能花的钱。", "先存三到六个月的生活费作为应急金。",
                        "每月固定支出列出来，房租、交通、吃饭，一目了然。", "想买的东西先放购物车七天，过了七天还想要再买。",
                        "不懂的产品坚决不买，高收益一定伴随高风险。", "取消了好几个用不上的会员，一年省下小一千。",
                        "定投就是不择时，每个月固定日期买入。", "记账软件用最简单的就行，关键是坚持。",
                        "不是不花钱，而是把钱花在真正重要的地方。"],
            "closers": ["一起变富吧！", "你们每个月能存多少？", "仅为个人经验，不构成投资建议。", "存钱的快乐谁懂！",
                        "有问题评论区讨论～"],
            "tags": ["理财", "存钱", "记账", "极简生活", "基金定投", "打工人"],
            "mention": ["这个方法是跟 @{friend} 学的。", "和 @{friend} 一起做存钱挑战中。"],
        },
        "en": {
            "slots": {
                "saved": ["$5,000", "$10,000", "$20,000", "$40,000"],
                "months": ["six months", "a year", "two years"],
                "pct": ["20%", "30%", "50%"],
            },
            "titles": ["How I saved {saved} in {months}", "Three years of budgeting", "Three boring money moves",
                       "How I quit impulse buying", "Saving {pct} of every paycheck", "Index funds after one year",
                       "Emergency fund first. Always.", "My one-page yearly budget"],
            "openers": ["I used to live paycheck to paycheck. In {months} I saved {saved}. Here's how.",
                        "People ask whether tracking spending is worth it. Yes. Yes it is.",
                        "Three boring money moves that matter more than any hot tip.",
                        "I used to shop to feel better. It never really worked.",
                        "One year of automatic investing; real numbers below."],
            "details": ["Pay yourself first: {pct} goes to savings the day the salary lands.",
                        "Build three to six months of expenses before you invest a cent.",
                        "List every fixed cost: rent, transport, food. No surprises.",
                        "The 7-day rule: leave it in the cart for a week, then decide.",
                        "If you can't explain how it makes money, don't buy it.",
                        "Cancelled four subscriptions I forgot I had. That's real money.",
                        "Automatic monthly investing beats trying to time the market.",
                        "The best budgeting app is the one you'll actually open.",
                        "Spend on what you love, cut hard on what you don't."],
            "closers": ["Not financial advice, just what worked for me.", "How much do you save each month?",
                        "Small steps, every month.", "Questions welcome!", "Boring is beautiful."],
            "tags": ["personalfinance", "budgeting", "savings", "investing", "frugal", "moneytips"],
            "mention": ["Learned this from @{friend}.", "Doing a no-spend month with @{friend}."],
        },
    },
    "home": {
        "zh": {
            "slots": {
                "room": ["出租屋", "卧室", "客厅", "厨房", "阳台", "书房"],
                "size": ["20", "35", "40", "60"],
                "cost": ["500", "800", "1500", "2000"],
            },
            "titles": ["{size}平{room}改造｜花了{cost}块", "租房党的{room}收纳技巧", "把{room}变成了我最爱的角落",
                       "绿植新手也养不死的五种植物", "宜家好物分享｜实用不踩雷", "周末大扫除，心情都变好了",
                       "小户型也能有仪式感", "{room}改造前后对比"],
            "openers": ["搬进这个{size}平的{room}一年了，终于改造完成。", "租的房子也要住得舒服，分享一下我的{room}。",
                        "总预算{cost}块，{room}大变样。", "收纳做好了，{room}看起来大了一倍。", "周末花了两天时间，把{room}重新布置了一遍。"],
            "details": ["墙面不能动，就用挂布和照片墙来装饰。", "暖光灯是氛围感的关键，千万别只开顶灯。",
                        "床底下放收纳箱，换季衣服全塞进去。", "绿萝和龟背竹都很好养，一周浇一次水就行。",
                        "地毯选了浅色的，房间一下子就亮了。", "洞洞板真的太好用了，小东西都能挂上去。",
                        "旧家具刷了一层漆，看起来像新的一样。", "断舍离之后，东西少了，心情反而好了。",
                        "窗帘换成了遮光的，周末终于能睡懒觉了。"],
            "closers": ["好物清单可以评论区问我～", "你们的小家是什么样的？", "家是最舒服的地方。", "希望给租房的朋友一点灵感。",
                        "收藏慢慢看！"],
            "tags": ["家居", "租房改造", "收纳", "小户型", "绿植", "我的小家"],
            "mention": ["沙发是 @{friend} 帮我搬上楼的，感谢！", "灵感来自 @{friend} 的小家。"],
        },
        "en": {
            "slots": {
                "room": ["studio", "bedroom", "living room", "kitchen", "balcony", "home office"],
                "size": ["300", "450", "600"],
                "cost": ["150", "300", "500"],
            },
            "titles": ["{room} makeover for ${cost}", "Renter-friendly {room} storage", "My favourite corner of the {room}",
                       "5 houseplants you can't kill", "Thrift flip: old dresser, new life", "Sunday reset routine",
                       "Cosy on a budget", "{room}: before and after"],
            "openers": ["One year in this {size} sq ft {room} and it finally feels like home.",
                        "Renting doesn't mean living with beige. Here's my {room}.",
                        "Total budget: ${cost}. The {room} is unrecognisable.",
                        "Sorted the storage and the {room} feels twice as big.",
                        "Spent the weekend rearranging the {room} and I'm obsessed."],
            "details": ["Can't paint the walls, so textiles and a gallery wall do the work.",
                        "Warm lamps, never the big light. Trust me.", "Under-bed boxes hold all the off-season clothes.",
                        "Pothos and monstera forgive everything; water once a week.",
                        "A light rug made the whole room brighter.", "A pegboard keeps every little thing off the desk.",
                        "A tin of paint turned a thrifted dresser into my favourite piece.",
                        "Decluttered half my stuff and honestly don't miss any of it.",
                        "Blackout curtains = actual weekend lie-ins."],
            "closers": ["Happy to share links, just ask.", "Show me your favourite corner!", "Home is the best place.",
                        "Hope this helps a fellow renter.", "Saving this for your next reset?"],
            "tags": ["homedecor", "renterfriendly", "smallspaces", "plants", "cozyhome", "thriftflip"],
            "mention": ["@{friend} helped me carry the sofa up four floors. Legend.", "Inspired by @{friend}'s place."],
        },
    },
    "fashion": {
        "zh": {
            "slots": {
                "item": ["白衬衫", "牛仔裤", "针织开衫", "风衣", "西装外套", "半身裙", "卫衣", "马面裙"],
                "season": ["春天", "夏天", "秋天", "冬天"],
                "height": ["155", "160", "165", "170"],
                "n": ["三", "五", "七"],
            },
            "titles": ["一件{item}的{n}种穿法", "{height}小个子{season}穿搭", "通勤穿搭｜一周不重样",
                       "{season}必备单品：{item}", "平价也能穿出高级感", "新中式穿搭｜温柔又大气", "胶囊衣橱｜30 件过一季",
                       "约会穿搭分享"],
            "openers": ["今天分享一件{item}的{n}种穿法，一衣多穿真的很省钱。", "{height}的小个子，{season}这样穿显高又舒服。",
                        "上班族的一周穿搭，简单但不无聊。", "最近很喜欢新中式风格，分享几套日常能穿的。",
                        "衣柜只留了 30 件衣服，反而更会搭配了。"],
            "details": ["{item}搭配阔腿裤，通勤很合适。", "配色不超过三种，就不容易出错。", "腰线提高一点，比例立刻好很多。",
                        "鞋子选同色系，腿看起来更长。", "配饰只要一个亮点，比如一条丝巾。", "面料一定要舒服，好看但不舒服的衣服穿不了几次。",
                        "{season}温差大，外面加一件{item}刚好。", "这件是去年买的，今年搭出了新感觉。", "包包选了小一点的，整体更精致。"],
            "closers": ["你最喜欢哪一套？", "链接在评论区～", "穿得舒服最重要！", "小个子姐妹可以参考一下。", "明天穿什么，评论区帮我选！"],
            "tags": ["穿搭", "通勤穿搭", "小个子穿搭", "{season}穿搭", "胶囊衣橱", "新中式"],
            "mention": ["照片是 @{friend} 帮我拍的！", "和 @{friend} 一起逛街买的。"],
        },
        "en": {
            "slots": {
                "item": ["white shirt", "pair of straight jeans", "trench coat", "blazer", "cardigan", "slip skirt",
                         "hoodie"],
                "season": ["spring", "summer", "autumn", "winter"],
                "n": ["3", "5", "7"],
            },
            "titles": ["One {item}, {n} ways", "{season} outfits for petites", "A week of office outfits",
                       "The {item} I live in", "High-street, but make it chic", "My 30-piece capsule wardrobe",
                       "Date night outfit ideas", "Thrifted outfit of the day"],
            "openers": ["One {item}, {n} outfits. Rewearing is the most sustainable thing you can do.",
                        "Petite friends, this is how I dress for {season}.", "A whole work week of outfits, simple but not boring.",
                        "I've been wearing my {item} on repeat, so here's how I style it.",
                        "Cut my wardrobe down to thirty pieces and I've never dressed better."],
            "details": ["Pair the {item} with wide-leg trousers for the office.", "Stick to three colours and it's hard to go wrong.",
                        "Raise the waistline a little and the proportions fix themselves.",
                        "Matching shoes to trousers makes legs look longer.", "One statement accessory is enough.",
                        "If it isn't comfortable, you won't wear it. Fabric first.",
                        "On cool {season} evenings the {item} comes along.", "Bought this last year and it still feels new.",
                        "A smaller bag keeps the whole look tidy."],
            "closers": ["Which one's your favourite?", "Links in the comments!", "Comfort first, always.",
                        "Help me pick tomorrow's outfit!", "Rewear, restyle, repeat."],
            "tags": ["ootd", "fashion", "capsulewardrobe", "petitestyle", "thrifted", "{season}style"],
            "mention": ["Photos by the talented @{friend}.", "Shopping trip with @{friend}, no regrets."],
        },
    },
    "fitness": {
        "zh": {
            "slots": {
                "move": ["深蹲", "硬拉", "平板支撑", "跳绳", "瑜伽", "跑步", "普拉提"],
                "weeks": ["四周", "八周", "三个月", "半年"],
                "kg": ["5", "8", "10", "15"],
                "minutes": ["15", "20", "30"],
            },
            "titles": ["{weeks}减了{kg}斤，我做对了什么", "每天{minutes}分钟{move}打卡", "新手健身房指南｜别再害怕",
                       "{move}的正确姿势，很多人都做错了", "晨跑一百天的变化", "在家就能练的全身训练",
                       "减脂餐一周不重样", "体态调整｜告别圆肩驼背"],
            "openers": ["坚持了{weeks}，体重掉了{kg}斤，分享一下真实经历。", "每天{minutes}分钟{move}，已经坚持{weeks}了。",
                        "第一次去健身房很紧张，整理了新手最该知道的几件事。", "很多人{move}做错了，容易受伤，今天说说要点。",
                        "工作忙没时间去健身房，在家练也能有效果。"],
            "details": ["热身一定要做，五分钟动态拉伸就够。", "练{move}的时候注意核心收紧，动作慢一点没关系。",
                        "饮食比训练更重要，蛋白质吃够，少吃加工食品。", "每周三练，中间留休息日，肌肉在休息时生长。",
                        "睡眠不够的时候，训练效果会差很多。", "体重秤上的数字会波动，看腰围和照片更准。",
                        "不要和别人比，和昨天的自己比。", "跑步从快走开始，循序渐进最不容易受伤。",
                        "训练完记得拉伸，第二天就不会那么酸。"],
            "closers": ["一起练起来！", "有问题评论区问我～", "坚持就是胜利。", "今天你运动了吗？", "自律给我自由！"],
            "tags": ["健身", "减脂", "{move}", "运动打卡", "自律", "居家健身"],
            "mention": ["和 @{friend} 一起打卡，谁偷懒谁请奶茶。", "动作是 @{friend} 教练纠正的。"],
        },
        "en": {
            "slots": {
                "move": ["squats", "deadlifts", "planks", "skipping", "yoga", "running", "pilates"],
                "weeks": ["4", "8", "12", "26"],
                "kg": ["3", "5", "8"],
                "minutes": ["15", "20", "30"],
            },
            "titles": ["{weeks} weeks, {kg} kg down", "{minutes} minutes of {move} a day", "Gym anxiety? Start here",
                       "You're probably doing {move} wrong", "100 days of morning runs", "Full-body home workout",
                       "A week of easy high-protein meals", "Fixing my desk posture"],
            "openers": ["{weeks} weeks in, {kg} kg down. Here's what actually worked.",
                        "{minutes} minutes of {move} a day, every day, for {weeks} weeks.",
                        "My first gym visit terrified me, so here's what I wish I'd known.",
                        "A lot of people get {move} wrong and get hurt. Quick form notes.",
                        "No time for the gym, so the living room became one."],
            "details": ["Always warm up; five minutes of dynamic stretching is enough.",
                        "Film your {move} once; you will spot what to fix straight away.",
                        "Food matters more than training: enough protein, less processed stuff.",
                        "Three sessions a week with rest days in between. Muscles grow while you rest.",
                        "Bad sleep wrecks a session more than anything else.",
                        "The scale bounces around; measure your waist and take photos.",
                        "Compare yourself to last month's you, nobody else.",
                        "Start running with brisk walks, then build up slowly.",
                        "Stretch after, and tomorrow's stairs will thank you."],
            "closers": ["Let's go!", "Questions welcome below.", "Consistency beats intensity.", "Did you move today?",
                        "Progress, not perfection."],
            "tags": ["fitness", "workout", "{move}", "homeworkout", "strengthtraining", "fitnessjourney"],
            "mention": ["Training with @{friend}; loser buys the coffee.", "Form check courtesy of coach @{friend}."],
        },
    },
}

# Comments: general ones and a few per topic, and replies (often from the note's author).
COMMENTS = {
    "zh": ["太好看了吧！", "收藏了，周末就去试试", "求链接！", "这个真的很实用，谢谢分享", "哈哈哈哈笑死我了", "已经关注了，期待更新",
           "同款！我也超喜欢", "看完立刻想行动了", "写得好详细，辛苦了", "请问是在哪里呀？", "第一次刷到，好喜欢这个风格",
           "这也太治愈了", "马住，慢慢看", "有被激励到！"],
    "en": ["This is gorgeous!", "Saving this for the weekend.", "Where is this?", "So helpful, thank you for sharing!",
           "Haha, this made my day.", "Followed, can't wait for more.", "Same here, love it!", "Adding this to my list.",
           "Such a detailed write-up, thanks!", "Where did you get it?", "Obsessed with this vibe.", "Bookmarked!",
           "Needed this today."],
}
TOPIC_COMMENTS = {
    "food": {"zh": ["看饿了……", "这个做法好简单，今晚就做", "在哪个区呀？想去"], "en": ["Now I'm hungry.", "Recipe please!",
                                                                     "Adding this place to my list."]},
    "pets": {"zh": ["好想rua！", "这也太可爱了吧", "你家宝贝好乖"], "en": ["I need to pet this baby.", "Cat tax accepted.",
                                                             "Those eyes!"]},
    "travel": {"zh": ["风景太美了", "几月去最合适？", "已加入旅行清单"], "en": ["Stunning views!", "Which month did you go?",
                                                               "Adding this to my bucket list."]},
    "study": {"zh": ["一起加油！", "这个方法我也在用", "考研人冲！"], "en": ["Good luck with your exams!", "Trying this tonight.",
                                                            "Love your notes!"]},
    "money": {"zh": ["记账真的会上瘾", "学到了，谢谢", "我也在做存钱挑战"], "en": ["The 7-day rule changed my life.",
                                                                   "Needed this reminder.", "Great breakdown."]},
    "home": {"zh": ["好温馨", "灯是在哪里买的？", "租房也能这么好看！"], "en": ["So cosy!", "Where's the lamp from?",
                                                               "Renters unite!"]},
    "fashion": {"zh": ["第三套最好看", "求衣服链接", "小个子姐妹狂喜"], "en": ["The second look is perfect.", "Where's the coat from?",
                                                               "Petite girls rejoice!"]},
    "fitness": {"zh": ["太自律了", "明天开始练！", "动作要点很清楚"], "en": ["So motivating!", "Starting tomorrow.",
                                                              "Great form tips."]},
}
REPLIES = {
    "zh": ["谢谢喜欢～", "哈哈同感！", "评论区里说过啦，往上翻翻", "冲就完事了！", "下次再分享更多", "是的，真的很推荐",
           "私信你啦", "一起加油！"],
    "en": ["Thank you so much!", "Haha, same!", "Answered above, scroll up a bit.", "Go for it!", "More coming soon.",
           "Yes, highly recommend.", "Sent you a message!", "You've got this!"],
}
BOARD_NAMES = {
    "food": ("想做的菜", "Recipes to try"), "pets": ("萌宠日常", "Cute animals"), "travel": ("周末去哪儿", "Trip ideas"),
    "study": ("学习方法", "Study tips"), "money": ("理财干货", "Money notes"), "home": ("家居灵感", "Home ideas"),
    "fashion": ("穿搭灵感", "Outfit inspo"), "fitness": ("健身计划", "Workout plans"),
}


@dataclass
class NoteText:
    topic: str
    language: str
    title: str
    body: str
    alts: list[str] = field(default_factory=list)


def _fill(template: str, values: dict[str, str]) -> str:
    return template.format(**values)


def compose(topic: str, language: str, rng: random.Random, friends: list[str] | None = None) -> NoteText:
    """A note about `topic` in `language` ("zh" or "en"); `friends` are usernames it may @mention."""
    bank = BANKS[topic][language]
    values = {name: rng.choice(options) for name, options in bank["slots"].items()}
    titles = [t for t in (_fill(t, values) for t in bank["titles"]) if len(t) <= TITLE_MAX]
    title = rng.choice(titles) if titles else _fill(bank["titles"][0], values)[:TITLE_MAX]
    sep = "" if language == "zh" else " "
    parts = [_fill(rng.choice(bank["openers"]), values)]
    parts += [_fill(d, values) for d in rng.sample(bank["details"], rng.randint(2, 3))]
    if friends and rng.random() < 0.3:
        parts.append(_fill(rng.choice(bank["mention"]), {"friend": rng.choice(friends)}))
    parts.append(_fill(rng.choice(bank["closers"]), values))
    tags = [_fill(t, values).replace(" ", "") for t in rng.sample(bank["tags"], rng.randint(2, 4))]
    body = sep.join(parts) + "\n\n" + " ".join(f"#{t}" for t in dict.fromkeys(tags))
    label = TOPIC_LABELS[topic][0 if language == "zh" else 1]
    alt = f"{label}：{title}" if language == "zh" else f"{label}: {title}"
    return NoteText(topic=topic, language=language, title=title, body=body, alts=[alt])


def comment(topic: str, language: str, rng: random.Random) -> str:
    pool = COMMENTS[language] + TOPIC_COMMENTS[topic][language] * 2
    return rng.choice(pool)


def reply(language: str, rng: random.Random) -> str:
    return rng.choice(REPLIES[language])


def board_name(topic: str, language: str) -> str:
    zh, en = BOARD_NAMES[topic]
    return zh if language == "zh" else en
