"""Writes ``explanations.jsonl``: deviation explanations labelled ``vague`` or ``specific``.

Every sentence here was written for this project in the register of Chinese performance
self-evaluations and final-accounts notes; none is taken from a real report. Templates are
filled from small vocabularies with a fixed seed, so ``python generate_explanations.py``
always writes the same file.

Labelling rule. ``specific``: the text names at least one concrete cause a reviewer could
verify — a project, an event, a policy or document, a counterparty, a date, a figure that is
not merely the indicator's own value, a change in staff or scope. ``vague``: the text names no
verifiable cause — template phrases (超出预期效益, 合理安排制定下年度目标, 严格按照预算执行),
slogans about management, restatements of the figure, placeholders, "因工作需要".
"""

from __future__ import annotations

import json
import random
from pathlib import Path

SEED = 20240701
OUT = Path(__file__).with_name("explanations.jsonl")

UNITS = ["区", "局", "中心", "管委会", "办", "站", "所"]
DEPTS = [
    "经发局",
    "财政局",
    "规建局",
    "环保局",
    "水务局",
    "安监局",
    "组织部",
    "党政办",
    "综治办",
    "社会事务局",
    "市场监管所",
    "农业农村局",
    "教育局",
    "卫健委",
    "文旅局",
    "项管中心",
]
PROJECTS = [
    "老旧小区供热管网改造",
    "工业园区污水处理厂提标",
    "第三小学教学楼新建",
    "农村饮水安全巩固提升",
    "智慧城市管理平台二期",
    "高标准农田建设",
    "城区道路黑化",
    "垃圾中转站建设",
    "社区卫生服务站提标",
    "应急物资储备库",
    "河道综合治理",
    "标准化厂房三期",
    "科技企业孵化器",
    "冷链物流园配套道路",
    "中小学校园安防",
    "公共实训基地",
    "数字政务服务大厅",
    "城市绿道",
    "公共租赁住房维修",
    "产业园区外网电源",
    "消防站营房改造",
    "乡镇卫生院设备购置",
    "污水管网雨污分流",
    "工业固废综合利用",
    "农贸市场升级",
    "公园照明节能改造",
    "幼儿园扩建",
    "图书馆数字化",
]
POLICIES = [
    "《政府会计制度》",
    "机关事业单位养老保险制度改革",
    "中央八项规定精神",
    "过紧日子要求",
    "《预算法实施条例》",
    "基层“三保”保障要求",
    "公务用车制度改革",
    "职业年金补记政策",
    "医疗保险省级统筹",
    "社会保险缴费基数调整",
    "乡村振兴衔接资金管理办法",
    "政府债券资金管理规定",
    "《关于进一步压减一般性支出的通知》",
    "绩效工资调整方案",
    "住房公积金缴存比例调整",
]
COMPANIES = [
    "中标单位",
    "施工单位",
    "监理单位",
    "第三方评估机构",
    "供货商",
    "设计院",
    "审计事务所",
    "国网供电公司",
    "燃气公司",
    "物业公司",
    "招标代理机构",
    "软件开发公司",
]
EVENTS = [
    "冬季停工",
    "汛期强降雨",
    "土地征收未完成",
    "设计方案调整",
    "招标两次流标",
    "审计结算未完成",
    "上级资金下达较晚",
    "施工图审查延期",
    "原材料价格上涨",
    "项目用地规划调整",
    "人员调入调出",
    "机构改革职能划转",
    "疫情后复工延迟",
    "供电线路迁改",
    "环评批复延后",
    "国土空间规划修编",
]
INDICATORS = {
    "数量": [
        "培训人次",
        "改造户数",
        "新建里程",
        "招商项目数",
        "走访企业数",
        "发放补贴人数",
        "检查次数",
        "新增就业人数",
        "完成宣传场次",
        "覆盖社区数",
        "采购设备台数",
        "服务企业家数",
    ],
    "质量": ["验收合格率", "数据准确率", "设备完好率", "水质达标率", "抽检合格率", "资料归档完整率"],
    "时效": ["项目完成及时率", "资金拨付及时率", "按期开工率", "问题整改及时率", "补助发放及时性"],
    "成本": ["单位造价", "项目成本控制率", "人均培训成本", "每公里建设成本", "运维费用"],
    "效益": ["企业营收增长率", "固定资产投资额", "税收增幅", "带动就业人数", "空气优良天数", "节能量"],
    "满意度": ["群众满意度", "服务对象满意度", "企业满意度", "学生家长满意度", "职工满意度"],
}
ITEMS = [
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
    "工资福利支出",
    "商品和服务支出",
    "资本性支出",
    "一般公共服务支出",
    "城乡社区支出",
    "节能环保支出",
    "农林水支出",
    "社会保障和就业支出",
    "行政运行",
    "一般行政管理事务",
    "其他城乡社区支出",
    "机关事业单位基本养老保险缴费支出",
    "公务用车运行维护费",
    "公务接待费",
    "住房公积金",
    "办公费",
    "差旅费",
    "委托业务费",
]
MONTHS = list(range(1, 13))


def money(rng: random.Random) -> str:
    value = rng.choice([rng.uniform(0.5, 50), rng.uniform(50, 900), rng.uniform(900, 20000)])
    return f"{value:.2f}万元" if rng.random() < 0.8 else f"{value * 10000:.0f}元"


def pct(rng: random.Random) -> str:
    return f"{rng.uniform(1, 99):.{rng.choice([0, 1, 2])}f}%"


def year(rng: random.Random) -> int:
    return rng.choice([2021, 2022, 2023, 2024, 2025])


def date(rng: random.Random) -> str:
    y = year(rng)
    m = rng.choice(MONTHS)
    return rng.choice(
        [f"{y}年{m}月", f"{y}年{m}月{rng.randint(1, 28)}日", f"{m}月份", f"{y}年第{rng.randint(1, 4)}季度"]
    )


def indicator(rng: random.Random) -> tuple[str, str]:
    kind = rng.choice(sorted(INDICATORS))
    return kind, rng.choice(INDICATORS[kind])


# ---- vague ---------------------------------------------------------------------------------

VAGUE_CORES = [
    "超出预期效益",
    "达到预期效益",
    "效果良好",
    "超额完成年度目标",
    "完成情况较好",
    "未完全达到预期",
    "工作推进有力，成效明显",
    "各项工作稳步推进",
    "受多方面因素影响",
    "受客观因素影响",
    "实际情况发生变化",
    "工作需要",
    "根据实际情况进行了调整",
    "业务需要",
    "年度任务较重",
    "工作力度加大",
    "力度加大，超出预期效益",
    "相关工作持续推进",
    "各方面共同努力",
    "领导高度重视",
    "加强了组织领导",
    "按计划推进",
    "存在一定偏差",
    "执行过程中存在偏差",
    "预算编制不够精准",
    "目标设置偏低",
    "目标设置偏高",
    "管理有待加强",
    "统筹力度加大",
    "社会各界积极配合",
    "宣传到位",
    "部门协作顺畅",
    "工作开展顺利",
    "未达到预期目标",
]
VAGUE_MEASURES = [
    "合理安排制定下年度目标",
    "下一步将进一步加强管理",
    "今后将提高预算编制的科学性",
    "进一步加强预算管理",
    "加强管理提高效率",
    "严格按照预算执行",
    "继续保持良好态势",
    "持续巩固工作成效",
    "进一步优化工作流程",
    "科学合理设定绩效目标",
    "加大工作力度",
    "强化责任落实",
    "不断提高资金使用效益",
    "加强跟踪监控",
    "认真总结经验",
    "确保各项工作落到实处",
    "提升精细化管理水平",
    "进一步完善相关制度",
]
VAGUE_STANDALONE = [
    "无",
    "无。",
    "暂无",
    "……",
    "XX",
    "XXXX。",
    "请填写偏差原因",
    "主要原因是：。",
    "主要原因是：……。",
    "部门应根据实际情况填写偏差原因",
    "（请说明偏差原因）",
    "某某原因",
    "/",
    "见上",
    "同上",
    "严格按照预算执行，预决算无差异",
    "严格按照预算执行",
    "无偏差",
    "按预算执行",
    "按计划完成",
]
SLOGANS = [
    "坚持以人民为中心",
    "牢固树立过紧日子思想",
    "全面落实绩效管理要求",
    "提高财政资金使用效益",
    "强化预算刚性约束",
    "推动高质量发展",
    "切实提升服务水平",
    "确保资金安全高效",
]


def vague(rng: random.Random) -> tuple[int, str, str]:
    kind, name = indicator(rng)
    form = rng.randrange(12)
    core = rng.choice(VAGUE_CORES)
    measure = rng.choice(VAGUE_MEASURES)
    if form == 0:
        return form, kind, rng.choice(VAGUE_STANDALONE)
    if form == 1:
        return form, kind, f"偏差原因：{core}，改进措施：{measure}。"
    if form == 2:
        return form, kind, f"{core}。"
    if form == 3:
        return form, kind, f"{core}，{measure}。"
    if form == 4:  # restates the figure, gives no cause
        return (
            form,
            kind,
            rng.choice(
                [
                    f"实际完成值高于预期指标值，完成率{rng.randint(101, 160)}%，{core}。",
                    f"{name}完成率为{rng.randint(60, 99)}%，未达到年初目标，{measure}。",
                    f"本年{name}较目标多完成{rng.randint(1, 40)}个百分点，{core}。",
                ]
            ),
        )
    if form == 5:
        return form, kind, f"{rng.choice(SLOGANS)}，{rng.choice(SLOGANS)}，{measure}。"
    if form == 6:
        item = rng.choice(ITEMS)
        return (
            form,
            "科目",
            rng.choice(
                [
                    f"主要原因是：{core}。",
                    f"主要原因是{rng.choice(['工作需要', '业务需要', '实际工作需要'])}。",
                    f"{item}决算数大于预算数的主要原因是{core}。",
                    f"{item}决算数小于预算数的主要原因是{rng.choice(['厉行节约', '严格控制支出', '加强了管理'])}。",
                ]
            ),
        )
    if form == 7:
        return (
            form,
            "科目",
            rng.choice(
                [
                    f"主要原因是：严格执行预算，{measure}。",
                    f"主要原因是本年{core}，{measure}。",
                    "主要原因是：支出结构优化。",
                    "主要原因是：加强支出管理，节约开支。",
                    f"主要原因是：{rng.choice(SLOGANS)}。",
                ]
            ),
        )
    if form == 8:
        return form, kind, f"由于{rng.choice(['各种原因', '客观原因', '其他原因', '多种因素'])}，{core}，{measure}。"
    if form == 9:
        return (
            form,
            kind,
            f"{rng.choice(['我单位', '本部门', '单位'])}高度重视，{core}，{measure}，{rng.choice(VAGUE_MEASURES)}。",
        )
    if form == 10:
        return form, kind, f"偏差原因分析：{core}。改进措施：{measure}，{rng.choice(VAGUE_MEASURES)}。"
    return form, kind, f"{name}{rng.choice(['指标', ''])}{core}，{measure}。"


# ---- specific ------------------------------------------------------------------------------


def specific(rng: random.Random) -> tuple[int, str, str]:
    kind, name = indicator(rng)
    dept, project, policy = rng.choice(DEPTS), rng.choice(PROJECTS), rng.choice(POLICIES)
    company, event = rng.choice(COMPANIES), rng.choice(EVENTS)
    form = rng.randrange(16)
    if form == 0:
        return (
            form,
            kind,
            f"偏差原因：{project}项目因{event}，于{date(rng)}才完成{rng.choice(['招标', '开工', '验收', '合同签订'])}，"
            f"{name}未达到年初目标。改进措施：提前开展前期工作。",
        )
    if form == 1:
        return form, "科目", f"主要原因是：{dept}本年新增{project}项目，支出{money(rng)}。"
    if form == 2:
        return (
            form,
            "科目",
            f"主要原因是：{year(rng)}年{dept}{rng.choice(['补发在编人员基础绩效奖', '调整工资标准', '新增编制人员'])}"
            f"{rng.choice(['', money(rng)])}，{rng.choice(ITEMS)}相应增加。",
        )
    if form == 3:
        return (
            form,
            "科目",
            f"主要原因是：上年{dept}支付{project}项目{rng.choice(['尾款', '工程款', '质保金', '设计费'])}"
            f"{money(rng)}，本年无此项支出。",
        )
    if form == 4:
        return (
            form,
            kind,
            f"受{policy}影响，{rng.choice(['补助标准由', '计费口径由', '缴费基数由'])}{rng.randint(100, 900)}元"
            f"调整为{rng.randint(100, 900)}元，{name}与年初测算出现差异。",
        )
    if form == 5:
        return (
            form,
            kind,
            f"因{company}{rng.choice(['未按合同约定进场', '资质审核未通过', '结算资料报送延迟', '提出工程变更'])}，"
            f"{project}项目{rng.choice(['工期顺延', '进度滞后', '验收推迟'])}{rng.randint(1, 6)}个月，资金未能按期支付。",
        )
    if form == 6:
        return (
            form,
            "科目",
            f"决算数小于预算数的主要原因是：{project}项目{event}，{money(rng)}结转至{year(rng)}年继续使用。",
        )
    if form == 7:
        return (
            form,
            "科目",
            f"决算数大于预算数的主要原因是：年中追加{rng.choice(['', dept])}{project}经费{money(rng)}。",
        )
    if form == 8:
        return (
            form,
            kind,
            f"{date(rng)}新增{rng.choice(['企业', '社区', '村', '学校'])}{rng.randint(2, 30)}"
            f"{rng.choice(['家', '个', '所'])}纳入服务范围，{name}高于预期。",
        )
    if form == 9:
        return (
            form,
            kind,
            f"偏差原因主要为：{rng.choice(['全年实际到岗', '年末在册', '实际参训'])}人数{rng.randint(20, 2000)}人，"
            f"比年初计划多{rng.randint(1, 300)}人，原因是{rng.choice(['新设两个产业园', '机构改革划入两个事业单位', '新招录公务员', '退役军人安置'])}。",
        )
    if form == 10:
        return (
            form,
            "科目",
            f"主要原因是：{policy}实施后，{rng.choice(ITEMS)}由{rng.choice(['事业运行', '行政运行', '其他支出'])}科目"
            f"调整至{rng.choice(['机关事业单位基本养老保险缴费支出', '一般行政管理事务', '其他城乡社区支出'])}科目列支。",
        )
    if form == 11:
        return (
            form,
            kind,
            f"{rng.choice(['', '偏差原因：'])}{event}，{project}项目{rng.choice(['仅完成主体工程', '完成工程量的', '完成投资的'])}"
            f"{rng.choice(['', pct(rng)])}，剩余部分计划于{date(rng)}完工。",
        )
    if form == 12:
        return (
            form,
            kind,
            f"本年{rng.choice(['原材料', '钢材', '沥青', '设备'])}价格较预算编制时上涨约{rng.randint(3, 25)}%，"
            f"{name}{rng.choice(['超出控制标准', '高于预期', '未达标'])}。",
        )
    if form == 13:
        return (
            form,
            kind,
            f"{rng.choice(['', '主要原因是'])}{rng.choice(['上级', '自治区', '市财政', '省财政厅'])}于{date(rng)}"
            f"下达{rng.choice(['专项资金', '转移支付资金', '债券资金'])}{money(rng)}，时间较晚，{name}未能按期完成。",
        )
    if form == 14:
        return (
            form,
            kind,
            f"{dept}与{company}签订的{project}合同约定分{rng.randint(2, 4)}期付款，"
            f"第{rng.randint(2, 4)}期款项须待{rng.choice(['竣工决算审计', '终验', '质保期满'])}后支付。",
        )
    # names a cause without any number: still specific
    return (
        form,
        kind,
        rng.choice(
            [
                f"{project}项目因{event}暂缓实施，相应{name}未完成。",
                f"{dept}职能划转至{rng.choice(DEPTS)}，相关经费随之调出。",
                f"受{policy}影响，{rng.choice(ITEMS)}压减，支出减少。",
                f"因{company}破产重整，{project}项目合同解除，需重新招标。",
                f"{rng.choice(['辖区两家重点企业停产检修', '园区主导产品市场价格下跌', '新建产线尚未达产'])}，{name}低于目标。",
                f"年中将{project}纳入政府专项债券支持范围，原财政资金调减。",
            ]
        ),
    )


def main() -> None:
    rng = random.Random(SEED)
    rows: dict[str, dict] = {}
    per_label = 330
    counts = {"vague": 0, "specific": 0}
    attempts = 0
    while min(counts.values()) < per_label and attempts < 100000:
        attempts += 1
        label = "vague" if counts["vague"] <= counts["specific"] else "specific"
        form, kind, text = (vague if label == "vague" else specific)(rng)
        if text in rows:
            continue
        # ``template`` lets cross-validation hold out whole templates, not just sentences.
        rows[text] = {"text": text, "label": label, "indicator_type": kind, "template": f"{label[0]}{form}"}
        counts[label] += 1
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows.values():
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} rows to {OUT}: {counts}")


if __name__ == "__main__":
    main()
