"""The common jobs of the Saturday campaign and their units (seed 000, section II.3.2).

Both the data migration and `task_type_seed_defaults()` read this list; seeding only adds
what is missing, so the coordinating office's later edits (names, units, order) are kept.
"""

# code, name, unit, is_waste, order
DEFAULT_TASK_TYPES: list[tuple[str, str, str, bool, int]] = [
    ("ve-sinh-duong", "Vệ sinh, quét dọn đường thôn", "m", False, 10),
    ("thu-gom-rac-kg", "Thu gom rác thải", "kg", True, 20),
    ("thu-gom-rac-m3", "Thu gom rác thải (khối)", "m³", True, 21),
    ("phat-don-bui-ram", "Phát dọn bụi rậm", "m²", False, 30),
    ("nao-vet-muong", "Nạo vét kênh mương, rãnh thoát nước", "m", False, 40),
    ("trong-cay", "Trồng cây xanh", "cây", False, 50),
    ("hang-rao-xanh", "Làm hàng rào xanh, tường rào", "m", False, 60),
    ("sua-duong", "Sửa chữa, dặm vá đường", "m", False, 70),
    ("tuyen-truyen", "Tuyên truyền, vận động hộ dân", "hộ", False, 80),
    ("khac", "Phần việc khác", "lần", False, 999),
]


def seed_task_types(task_type_model) -> int:
    """Create the default task types that are missing (by code). Returns how many were created."""
    created = 0
    for code, name, unit, is_waste, order in DEFAULT_TASK_TYPES:
        if task_type_model.objects.filter(code=code).exists():
            continue
        if task_type_model.objects.filter(name=name).exists():
            continue  # the office created the same job by hand: keep theirs
        task_type_model.objects.create(code=code, name=name, unit=unit, is_waste=is_waste, order=order)
        created += 1
    return created
