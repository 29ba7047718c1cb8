"""The Taiwan tile map: 22 counties and cities placed from their coordinates, counts from pkg:targetsRegion."""
from __future__ import annotations

from policykg.viz.geo import geo_data, plan_geo, tile_positions


def test_all_22_counties_each_on_its_own_tile(plan):
    data = geo_data(plan)
    names = {t["name"] for t in data["tiles"]}
    assert len(data["tiles"]) == 22 and {"金門縣", "連江縣", "澎湖縣", "臺北市", "屏東縣"} <= names
    cells = [(t["col"], t["row"]) for t in data["tiles"]]
    assert len(set(cells)) == 22


def test_tiles_keep_the_north_south_and_west_east_order_of_the_coordinates(plan):
    tiles = {t["name"]: t for t in geo_data(plan)["tiles"]}
    assert tiles["基隆市"]["row"] < tiles["臺中市"]["row"] < tiles["高雄市"]["row"]
    assert tiles["金門縣"]["col"] < tiles["彰化縣"]["col"] < tiles["花蓮縣"]["col"]


def test_counts_are_measures_targeting_the_county_directly_or_through_their_strategy(plan):
    tiles = {t["name"]: t for t in geo_data(plan)["tiles"]}
    assert {n: t["count"] for n, t in tiles.items() if t["count"]} == {"彰化縣": 9, "臺中市": 9, "臺南市": 2}
    assert tiles["臺南市"]["summary"] == "2 measure(s) target it: 1 directly, 1 through their strategy"
    assert tiles["臺南市"]["measures"] == [
        "6.2.1 推動關鍵零組件與產業機器人應用產品開發 (through its strategy; lines 988)",
        "6.2.2 推動柳營科技園區第三期之機器人生產製造基地 (directly; lines 988, 1068)",
    ]


def test_zones_sites_and_other_targets(plan):
    data = geo_data(plan)
    zones = {z["name"]: z["count"] for z in data["zones"]}
    assert zones == {"中彰投雲": 9, "宜花東": 0, "金馬澎": 0, "北北基宜": 0, "嘉南高屏": 2, "桃竹苗": 0}
    tiles = {t["name"]: t for t in data["tiles"]}
    assert tiles["宜蘭縣"]["zones"] == ["zone-north", "zone-east"]
    assert {s["name"] for s in tiles["臺南市"]["sites"]} >= {"沙崙", "南部科學園區"}
    assert sum(len(t["sites"]) for t in data["tiles"]) == 11
    assert data["other"][0] == "臺灣 69"


def test_tile_positions_give_each_region_the_nearest_free_cell():
    assert tile_positions({"a": (25.0, 121.5), "b": (25.0, 121.5), "c": (23.0, 121.5)}) == {"a": (0, 1), "b": (0, 0), "c": (0, 6)}


def test_geo_page_is_one_offline_file(plan):
    page = plan_geo(plan)
    assert page.startswith("<!DOCTYPE html>") and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
