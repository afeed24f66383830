from generator.places import load_places


def test_former_province_files_under_current_unit():
    match = load_places().resolve("Bạc Liêu")
    assert match.current.name == "Cà Mau" and match.former == "Bạc Liêu"


def test_prefixes_aliases_and_tone_placement():
    places = load_places()
    assert places.resolve("TP.HCM").current.name == "Hồ Chí Minh"
    assert places.resolve("Thừa Thiên - Huế").current.name == "Huế"
    assert places.resolve("tỉnh Khánh Hoà").current.name == "Khánh Hòa"
    assert places.resolve("Hoà Bình").current.name == "Phú Thọ"


def test_unknown_province_gets_a_suggestion():
    places = load_places()
    assert places.resolve("Bac Lieu") is None
    assert places.suggest("Bac Lieu") == "Bạc Liêu"


def test_all_units_present():
    places = load_places()
    assert len(places.provinces) == 34
    assert len({m.current.name for m in places.by_key.values()}) == 34
