"""Region and technology vocabularies, and the mention matcher, on the real AI 新十大建設 plan.

Every sample text below is copied from data/plans/ai-new-ten-major-constructions-2026-01.md
(tests check it is still there) and pinned to the hand-checked set of concepts it mentions.
"""
from __future__ import annotations

from decimal import Decimal
from importlib.resources import files

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from policykg.graph.namespaces import GEO, PKG
from policykg.loaders.mentions import (
    REGION_SCHEME,
    TECHNOLOGY_SCHEME,
    Mention,
    VocabularyMatcher,
    county_of,
    region_graph,
    region_matcher,
    technology_graph,
    technology_matcher,
    zone_of,
)

REGION = "https://w3id.org/policykg/id/region/"
TECH = "https://w3id.org/policykg/id/tech/"
GRAPH_DIR = files("policykg.graph")
from net_zero_text import net_zero_text, real_net_zero  # noqa: E402  (tests/net_zero_text.py)

PLAN_TEXT = files("policykg.data.plans").joinpath("ai-new-ten-major-constructions-2026-01.md").read_text("utf-8")


def tech_slugs(text: str) -> set[str]:
    return {iri.removeprefix(TECH) for iri in technology_matcher().concepts_in(text)}


def region_slugs(text: str) -> set[str]:
    return {iri.removeprefix(REGION) for iri in region_matcher().concepts_in(text)}


# (measure name and/or 執行內容 exactly as in the document, technologies, regions)
PLAN_SAMPLES = [
    pytest.param(
        "1. 落實三大標準(SNOMED CT、LOINC、RxNorm)應用與推廣 2. 推動三大平臺建置(FHIR 資料標準平臺、"
        "Rule Library 規則平臺、Smart on FHIR 應用平臺) 3. 成立三大 AI 中心(負責任 AI 執行中心、"
        "AI 取證驗證中心、AI 影響性研究中心)",
        {"artificial-intelligence", "snomed-ct", "loinc", "rxnorm", "fhir", "smart-on-fhir"},
        set(),
        id="次世代數位醫療平臺計畫",
    ),
    pytest.param(
        "無人機醫療應用\t規劃醫療救援服務，建立一個覆蓋全臺的偏鄉無人機運輸網路，以智慧無人機任務派遣管理系統"
        "與自動操控無人機運送醫療物資進入災區救急救難。促進醫療資源的公平分配，提升臺灣面對自",
        {"uav"},
        {"taiwan", "remote-areas"},
        id="無人機醫療應用",
    ),
    pytest.param(
        "建置全國各地方消防機關無人機輔助搜救影像管理系統及 AI 伺服器\t建置全國無人機輔助搜救影像管理系統，"
        "補助各地方政府消防機關複雜地形攜帶型無人機(共44架)，空中偵搜影像回傳 AI 伺服器或於現場進行 AI 影像辨識，"
        "可快速辨識待救者定位，冀克服臺灣高山、溪谷、斷崖等複雜地形人力難以抵達地區，完備空中偵搜 AI 定位與規劃地面救援機制",
        {"uav", "ai-server", "artificial-intelligence", "image-recognition"},
        {"nationwide", "taiwan"},
        id="無人機輔助搜救",
    ),
    pytest.param(
        "輔導產業發展 AI 資安解決方案，導入工控(OT)場域協助如大南方產業園區發展\t結合國內資安業者，"
        "發展 AI 資安導入工控(OT)場域解決方案，並推動 AI 資安於工控場域落地。同時辦理 AI 資安技術工作坊，"
        "培育資安人才，並建立可複製的工控 AI 資安導入流程，擴散應用至大南方其他產業園區(如永康科技工業園區、"
        "南科路竹園區等)，以強化整體產業資安韌性",
        {"artificial-intelligence", "cybersecurity", "ot-security"},
        {
            "greater-south-industrial-parks",
            "greater-south",
            "industrial-parks",
            "yongkang-technology-industrial-park",
            "stsp-luzhu-park",
        },
        id="大南方工控資安",
    ),
    pytest.param(
        "持續整合研發能 量並建置軟硬體 平臺，使跨領域 團隊加速開發量 子電腦與量子通 訊軟硬體關鍵技 術\t"
        "建置量子電腦及 HPC-QC-混 合運算之硬體系統平臺及雲 端計算軟體平臺，讓國內產 學研團隊使用，以加速軟硬 體的關鍵技術開發",
        {"quantum-computing", "quantum-communication", "hybrid-quantum-hpc", "cloud-computing"},
        set(),
        id="完備量子運算建設(PDF line wraps)",
    ),
    pytest.param(
        "發展次世代晶片 商用後量子密碼 晶片矽智財與建 立後量子晶片資 安全檢測技術， 厚植產業技術能 量\t"
        "透過後量子密碼(PQC)技術 與矽智財(IP)，賦能業者發 展防禦量子計算攻擊之產品 解決方案，"
        "並以非侵入安全 檢測技術找出產品可能存在 的漏洞，以強化整體安全性",
        {"post-quantum-cryptography", "silicon-ip", "cybersecurity", "quantum-computing"},
        set(),
        id="後量子密碼晶片",
    ),
    pytest.param(
        "開發高階量子晶片(QPU)之製程及所需之晶片堆疊封裝技術，提升晶片製程穩定性以及良率\t"
        "建立覆晶與三維封裝之整合流程，支援高密度接腳設計與材料整合，並透過參數監控與製程紀錄追蹤與反饋，"
        "提升製程穩定性與重現性。持續優化接合材料、製程與封裝結構，確保量子晶片在低溫環境下的電性穩定與散熱效能",
        {"quantum-processing-unit", "3d-packaging", "flip-chip"},
        set(),
        id="QPU",
    ),
    pytest.param(
        "2. 建立先進量子資訊處理驗證平臺，支援低溫控制晶片(CryoCMOS)與參數放大器(Parametric Amplifier)"
        "晶片於極低溫(<4K)環境中的電性測試，後續視使用情形調整。",
        {"quantum-computing", "cryo-cmos", "parametric-amplifier"},
        set(),
        id="CryoCMOS",
    ),
    pytest.param(
        "配合國科會整體規劃，經濟部聚焦量子次系統前瞻硬體技術，開發支援超導量子位元之低溫控制電路與模組技術開發，"
        "協助業者進入量子領域。\t藉由前三年(111-113)執行成果，產出的模組與中研院的超導量子位元完成對接與整合測試驗證。"
        "為國內第一個團隊，產出成果(低溫晶片與模組)，與超導量子位元，完成2-Qubits 量子糾纏的控制驗證。"
        "為國內在量子電腦零組件開發上創造突破性成就，進行國內市場先期布局，同時也開闢國外市場。",
        {
            "quantum-technology",
            "superconducting-qubit",
            "cryogenic-control-electronics",
            "qubit",
            "quantum-entanglement",
            "quantum-computing",
        },
        set(),
        id="超導量子位元",
    ),
    pytest.param(
        "推動柳營科技園區第三期之機器人生產製造基地\t由臺南市政府報編園區，經濟部協助完成園區核定設置，"
        "中央及地方合作完成園區開發程序",
        {"robotics"},
        {"liuying-technology-park-phase-3", "tainan-city"},
        id="柳營科技園區第三期",
    ),
    pytest.param("於沙崙設立智慧機器人研究中心", {"intelligent-robot"}, {"shalun"}, id="沙崙"),
    pytest.param("於六甲成立智慧機器人創新與應用研發中心", {"intelligent-robot"}, {"itri-liujia-campus"}, id="六甲"),
    pytest.param(
        "2. 建構數位雙生平臺：建構以 NVIDIA Omniverse 為核心之數位雙生平臺，打造支援模擬驗測的虛擬模擬環境，"
        "透過 AI 模型訓練與虛實整合驗證功能，有效提升研發效能與測試效率",
        {"digital-twin", "nvidia-omniverse", "artificial-intelligence"},
        set(),
        id="數位雙生平臺",
    ),
    pytest.param(
        "C. 建置智慧化影像判識：發展 UAV 及 CCTV 等技術應用，並應用影像於水庫水域、水利建造物、河道變遷及海岸侵蝕之智慧監控、"
        "檢測，提升災害預防能力，強化水庫、河川及海岸管理效率。",
        {"image-recognition", "uav", "cctv"},
        set(),
        id="UAV 及 CCTV",
    ),
    pytest.param(
        "規劃將退場的明道大學校地轉型為「中部智慧醫療創新園區」，結合臺中榮總、彰化基督教醫院、秀傳醫療體系等中部醫學中心，"
        "以及中部成熟的醫材產業群，形成完整的智慧醫療創新生態系。",
        set(),
        {"mingdao-university-campus", "central-taiwan-smart-healthcare-park", "taichung-city", "changhua-county", "central-taiwan"},
        id="明道大學校地",
    ),
    pytest.param(
        "包括北北基宜「首都圈黃金廊帶」、桃竹苗「桃竹苗大矽谷」、中彰投雲「精密智慧新核心」、嘉南高屏「大南方新矽谷」、"
        "宜花東屏南「東部慢活城鄉」，以及金馬澎「低碳樂活離島」",
        set(),
        {
            "zone-north",
            "zone-taoyuan-hsinchu-miaoli",
            "zone-central",
            "zone-south",
            "greater-south",
            "zone-east",
            "zone-islands",
        },
        id="六大區域產業及生活圈",
    ),
]


@pytest.mark.parametrize(("text", "technologies", "regions"), PLAN_SAMPLES)
def test_plan_sample_mentions_exactly_the_hand_checked_technologies_and_regions(text, technologies, regions):
    for cell in text.split("\t"):
        assert cell in PLAN_TEXT, "sample must be copied verbatim from the plan"
    assert tech_slugs(text) == technologies
    assert region_slugs(text) == regions


def test_six_zone_names_give_twelve_mentions_and_the_new_silicon_valley_is_the_macro_region():
    text = PLAN_SAMPLES[-1].values[0]
    mentions = region_matcher().find(text)
    assert [(m.text, m.concept_iri.removeprefix(REGION)) for m in mentions] == [
        ("北北基宜", "zone-north"),
        ("首都圈黃金廊帶", "zone-north"),
        ("桃竹苗", "zone-taoyuan-hsinchu-miaoli"),
        ("桃竹苗大矽谷", "zone-taoyuan-hsinchu-miaoli"),
        ("中彰投雲", "zone-central"),
        ("精密智慧新核心", "zone-central"),
        ("嘉南高屏", "zone-south"),
        ("大南方新矽谷", "greater-south"),
        ("宜花東屏南", "zone-east"),
        ("東部慢活城鄉", "zone-east"),
        ("金馬澎", "zone-islands"),
        ("低碳樂活離島", "zone-islands"),
    ]


# ---------------------------------------------------------------------- synonyms and variants
def test_uav_and_wu_ren_ji_are_one_concept():
    assert "UAV" in PLAN_TEXT and "無人機" in PLAN_TEXT
    assert technology_matcher().concepts_in("UAV") == technology_matcher().concepts_in("無人機") == {TECH + "uav"}


def test_digital_twin_in_both_spellings_is_one_concept():
    assert "發展水庫數位孿生系統" in PLAN_TEXT and "推動軟體(如數位雙生、AI 應用)輸出國際" in PLAN_TEXT
    assert tech_slugs("發展水庫數位孿生系統") == {"digital-twin"}
    assert tech_slugs("推動軟體(如數位雙生、AI 應用)輸出國際") == {"digital-twin", "artificial-intelligence"}


@pytest.mark.parametrize("written", ["臺南", "台南", "臺南市", "台南市", "Tainan"])
def test_tai_variants_of_tainan_name_tainan_city(written):
    assert region_slugs(f"位於{written}的研發中心") == {"tainan-city"}


def test_east_names_and_quan_tai_and_quan_guo_resolve_to_their_own_concepts():
    assert region_slugs("宜花東") == region_slugs("東部") == {"zone-east"}
    assert region_slugs("全臺") == region_slugs("全台") == region_slugs("臺灣") == {"taiwan"}
    assert region_slugs("全國") == {"nationwide"}


def test_taipei_1_is_a_supercomputer_not_a_place():
    text = "促成輝達於臺設立 AI 研發中心 Taipei-1，113年提供4批次算力予產官學研使用。"
    assert text in PLAN_TEXT
    assert region_slugs(text) == set()
    assert tech_slugs(text) == {"artificial-intelligence", "taipei-1", "computing-power"}


# ---------------------------------------------------------------------- normalisation and offsets
def test_fhir_matches_full_width_and_lower_case():
    for written in ("ＦＨＩＲ", "fhir", "FHIR", "Fhir"):
        [mention] = technology_matcher().find(f"建立 {written} 資料交換中臺")
        assert mention == Mention(TECH + "fhir", "FHIR", written, 3, 3 + len(written))


def test_full_width_smart_on_fhir_is_one_mention():
    [mention] = technology_matcher().find("採用ＳＭＡＲＴ　ｏｎ　ＦＨＩＲ架構")
    assert (mention.concept_iri, mention.text) == (TECH + "smart-on-fhir", "ＳＭＡＲＴ　ｏｎ　ＦＨＩＲ")


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        ("SOCIAL MEDIA", "security-operations-center"),
        ("SAIL BOAT", "artificial-intelligence"),
        ("MAIL", "artificial-intelligence"),
        ("結合產業公會與 SECPAAS 平臺", "paas"),
        ("PROTOCOL", "ot-security"),
    ],
)
def test_latin_labels_only_match_whole_words(text, unwanted):
    assert unwanted not in tech_slugs(text)


def test_aiot_is_its_own_concept_not_ai():
    assert tech_slugs("智慧感知 AIoT 解決方案") == {"sensing", "aiot"}


def test_pdf_line_wrap_spaces_between_cjk_characters_are_tolerated_but_a_tab_is_not():
    [mention] = technology_matcher().find("無人 機")
    assert (mention.concept_iri, mention.text, mention.start, mention.end) == (TECH + "uav", "無人 機", 0, 4)
    assert technology_matcher().find("無人\t機") == []


def test_longest_label_wins_and_mentions_do_not_overlap():
    mentions = technology_matcher().find("低溫控制晶片(CryoCMOS)、量子晶片與後量子晶片")
    assert [(m.text, m.concept_iri.removeprefix(TECH)) for m in mentions] == [
        ("低溫控制晶片", "cryo-cmos"),
        ("CryoCMOS", "cryo-cmos"),
        ("量子晶片", "quantum-processing-unit"),
        ("後量子晶片", "post-quantum-cryptography"),
    ]


def test_every_mention_in_the_whole_plan_slices_back_to_its_text():
    for matcher in (region_matcher(), technology_matcher()):
        mentions = matcher.find(PLAN_TEXT)
        assert mentions
        for mention in mentions:
            assert PLAN_TEXT[mention.start : mention.end] == mention.text
        spans = [(m.start, m.end) for m in mentions]
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))


def test_hidden_label_catches_the_plans_misspelling_of_honeypot():
    assert "「密罐誘捕威脅情資推論」" in PLAN_TEXT
    assert tech_slugs("「密罐誘捕威脅情資推論」") == {"honeypot", "threat-intelligence"}


# ---------------------------------------------------------------------- vocabularies
def test_no_label_is_shared_by_two_concepts():
    assert region_matcher().shared_labels == {}
    assert technology_matcher().shared_labels == {}


def test_every_technology_is_mentioned_in_one_of_the_two_plans_or_is_a_broader_parent_of_one():
    graph = technology_graph()
    mentioned = {URIRef(m.concept_iri) for m in technology_matcher().find(PLAN_TEXT + "\n\n\n" + net_zero_text())}
    covered = set(mentioned)
    for concept in mentioned:
        covered |= set(graph.transitive_objects(concept, SKOS.broader))
    assert set(graph.subjects(RDF.type, PKG.Technology)) == covered


@pytest.mark.parametrize(("vocabulary", "scheme"), [("regions.ttl", REGION_SCHEME), ("technologies.ttl", TECHNOLOGY_SCHEME)])
def test_vocabulary_conforms_to_vocabulary_shapes(vocabulary, scheme):
    data = Graph().parse(data=GRAPH_DIR.joinpath(vocabulary).read_text("utf-8"), format="turtle")
    shapes = Graph().parse(data=GRAPH_DIR.joinpath("vocabulary_shapes.ttl").read_text("utf-8"), format="turtle")
    conforms, _, report = pyshacl.validate(data, shacl_graph=shapes)
    assert conforms, report
    assert (URIRef(scheme), RDF.type, SKOS.ConceptScheme) in data


def _violating_focus_nodes(data: Graph) -> set[str]:
    shapes = Graph().parse(data=GRAPH_DIR.joinpath("vocabulary_shapes.ttl").read_text("utf-8"), format="turtle")
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes)
    sh = "http://www.w3.org/ns/shacl#"
    report = results.value(predicate=RDF.type, object=URIRef(sh + "ValidationReport"), any=False)
    return {str(results.value(r, URIRef(sh + "focusNode"))) for r in results.objects(report, URIRef(sh + "result"))}


def test_shapes_reject_a_county_off_the_map_a_county_without_zone_and_a_site_without_county():
    data = Graph() + region_graph()
    data.set((URIRef(REGION + "kinmen-county"), GEO.long, Literal(Decimal("130.0"))))
    data.remove((URIRef(REGION + "hualien-county"), PKG.locatedIn, None))
    data.remove((URIRef(REGION + "shalun"), PKG.locatedIn, None))
    data.remove((URIRef(REGION + "penghu-county"), GEO.lat, None))
    assert _violating_focus_nodes(data) == {
        REGION + "kinmen-county",
        REGION + "hualien-county",
        REGION + "shalun",
        REGION + "penghu-county",
    }


def test_shapes_reject_a_technology_without_english_label_or_with_a_broader_outside_the_scheme():
    data = Graph() + technology_graph()
    data.remove((URIRef(TECH + "uav"), SKOS.prefLabel, Literal("unmanned aerial vehicle", lang="en")))
    data.add((URIRef(TECH + "fhir"), SKOS.broader, URIRef(TECH + "not-in-the-scheme")))
    data.add((URIRef(TECH + "cql"), SKOS.prefLabel, Literal("另一個名稱", lang="zh-Hant")))
    assert _violating_focus_nodes(data) == {TECH + "uav", TECH + "fhir", TECH + "cql"}


def test_the_22_counties_and_cities_each_have_a_zone_and_coordinates_in_taiwan():
    graph = region_graph()
    counties = set(graph.subjects(PKG.regionType, PKG.County))
    assert len(counties) == 22
    kinds = [graph.value(c, PKG.divisionKind) for c in counties]
    assert (kinds.count(PKG.SpecialMunicipality), kinds.count(PKG.ProvincialCounty), kinds.count(PKG.ProvincialCity)) == (6, 13, 3)
    for county in counties:
        assert zone_of(str(county)) is not None
        assert county_of(str(county)) == str(county)
        lat, long = float(graph.value(county, GEO.lat)), float(graph.value(county, GEO.long))
        assert 21.8 <= lat <= 26.5 and 118.0 <= long <= 122.1
    zones = {zone_of(str(c)) for c in counties}
    assert zones == {REGION + z for z in ("zone-north", "zone-taoyuan-hsinchu-miaoli", "zone-central", "zone-south", "zone-east", "zone-islands")}


def test_yilan_is_primarily_in_the_capital_zone_and_also_in_the_east():
    graph = region_graph()
    yilan = URIRef(REGION + "yilan-county")
    assert zone_of(str(yilan)) == REGION + "zone-north"
    assert set(graph.objects(yilan, PKG.alsoInZone)) == {URIRef(REGION + "zone-east")}


@pytest.mark.parametrize(
    ("region", "county", "zone"),
    [
        ("stsp-luzhu-park", "kaohsiung-city", "zone-south"),
        ("yongkang-technology-industrial-park", "tainan-city", "zone-south"),
        ("mingdao-university-campus", "changhua-county", "zone-central"),
        ("lienchiang-county", "lienchiang-county", "zone-islands"),
        ("zone-east", None, "zone-east"),
        ("greater-south", None, None),
        ("taiwan", None, None),
        ("remote-areas", None, None),
    ],
)
def test_containment_site_county_zone(region, county, zone):
    assert county_of(REGION + region) == (REGION + county if county else None)
    assert zone_of(REGION + region) == (REGION + zone if zone else None)


def test_matcher_loads_from_a_path_as_well_as_from_the_package(tmp_path):
    path = tmp_path / "technologies.ttl"
    path.write_text(GRAPH_DIR.joinpath("technologies.ttl").read_text("utf-8"), encoding="utf-8")
    from_path = VocabularyMatcher.from_turtle(path)
    from_resource = VocabularyMatcher.from_turtle(GRAPH_DIR.joinpath("technologies.ttl"), TECHNOLOGY_SCHEME)
    assert from_path.concept_iris == from_resource.concept_iris == technology_matcher().concept_iris
    assert from_path.find("數位雙生") == technology_matcher().find("數位雙生")


# ---------------------------------------------------------------------- the net-zero PDF's energy branch
NET_ZERO_SAMPLES = [
    # 十二項關鍵戰略 一: 風電/光電 (the bare 光電 is optoelectronics in the AI plan, so not matched)
    ("以風電與光電為再生能源發展主力，風電朝大型化與浮動式離岸風機發展，規劃離岸風電2030年設置裝置量達13.1GW",
     ["wind-power", "renewable-energy", "wind-power", "floating-offshore-wind", "offshore-wind-power"]),
    ("並汰換更新為新世代高效率光電，規劃太陽光電 2030 年", ["solar-photovoltaics"]),
    ("以基載型地熱與海洋能為前瞻能源發展重點，推動示範驗證與區塊開發",
     ["geothermal-energy", "ocean-energy", "frontier-energy"]),
    ("另擴大生質能使用，結合國內資源循環利用與進口等方式穩定料源", ["bioenergy", "circular-economy"]),
    ("以氫能為淨零主要選項，運用於產業零碳製程原料", ["hydrogen-energy"]),
    ("擴大儲能系統設置，發展儲能關鍵技術並建構儲能商業模式誘因",
     ["energy-storage", "energy-storage", "energy-storage"]),
    ("搭配再生能源大量提升而需強化智慧電網及儲能系統，約需 2,078 億元。",
     ["renewable-energy", "smart-grid", "energy-storage"]),
    ("以碳捕捉再利用及封存技術移除產業及能源設施碳排放，優先發展碳捕捉利用技術", ["ccus", "carbon-capture-and-utilisation"]),
    ("並透過燃氣機組搭配碳捕捉再利用及封存(Carbon Capture, Utilization and Storage,CCUS)以及導入氫能發電",
     ["gas-fired-power", "ccus", "ccus", "ccus", "hydrogen-energy"]),
    ("發展電動車上下游相關產業，依技術成熟度", ["electric-vehicle"]),
    ("運具電動化項目則包含補助碳排較多的運輸產業汰換燃油車、購買電動車，及補助電動機車等項目。",
     ["transport-electrification", "electric-vehicle", "electric-vehicle"]),
    ("過去臺灣在此領域多著重於森林碳匯，除了持續擴大森林之外，經技術盤點，包括土壤碳匯、海洋碳匯、生質碳匯等",
     ["carbon-sink", "carbon-sink", "carbon-sink", "carbon-sink"]),
    ("金管會將持續精進推動「綠色金融行動方案 2.0」", ["green-finance"]),
    ("1. 徵收碳費，專款專用碳費徵收對象將考量排放源類型", ["carbon-fee", "carbon-fee"]),
    ("「碳定價」是國際間認為有效降低溫室氣體排放的政策工具", ["carbon-pricing"]),
    ("從需求面全面提升能源使用效率，以協助達成淨零目標。", ["energy-efficiency"]),
    ("3. 循環經濟短期以原料替代、使用固體再生燃料(SRF)及能資源整合為主",
     ["circular-economy", "solid-recovered-fuel", "solid-recovered-fuel"]),
    ("燃煤則基於戰略安全考量轉為備用。", []),
    ("其中燃氣機組即約淨增加 1,460 萬瓩，高於核能 2025 除役的 387 萬瓩。", ["gas-fired-power", "nuclear-power"]),
]


@pytest.mark.parametrize(("sentence", "slugs"), NET_ZERO_SAMPLES)
def test_energy_branch_is_found_in_the_net_zero_pdfs_sentences(sentence, slugs):
    real_net_zero(sentence)
    assert [m.concept_iri.rsplit("/", 1)[1] for m in technology_matcher().find(sentence)] == slugs


def test_energy_branch_hangs_under_one_top_concept_with_the_smart_grid_of_the_ai_plan_below_the_power_grid():
    graph = technology_graph()
    top = URIRef(TECH + "energy-and-net-zero")
    assert (URIRef(TECH + "scheme"), SKOS.hasTopConcept, top) in graph
    assert set(graph.transitive_objects(URIRef(TECH + "smart-grid"), SKOS.broader)) == {
        URIRef(TECH + "smart-grid"), URIRef(TECH + "power-grid"), top,
    }
    assert graph.value(URIRef(TECH + "offshore-wind-power"), SKOS.prefLabel) in (
        Literal("離岸風電", lang="zh-Hant"), Literal("offshore wind power", lang="en"),
    )


@pytest.mark.parametrize("text, expected", [
    ("數位 發展\n部", ("數位發展部", [0, 1, 3, 4, 6])),  # blanks touching CJK dropped
    ("AI  agent\t 5G", ("ai agent\t 5g", [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12])),  # a tab is not a blank
    ("ＡＩ\n \n\n發展", ("ai\n發展", [0, 1, 2, 6, 7])),  # three newlines: a paragraph break
    ("ﬁber Straße", ("fiber strasse", [0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 10])),  # one character folds to two
    ("  ", (" ", [0])),
    ("", ("", [])),
])
def test_matching_form_keeps_for_each_character_the_index_it_came_from(text, expected):
    from policykg.loaders.mentions import normalise_for_matching

    assert normalise_for_matching(text) == expected
