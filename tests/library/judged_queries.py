"""The judged set: queries as district and commune officials type them (on a phone, mostly without
diacritics, some with the OCR's own errors or a slip of the finger), each with the seed documents
that should come first. 000 and 001 are the same conclusion 422-TB/HU (clean text / OCR of a scan);
002 Triệu Sơn's notice; 003 the directive on model residential areas; 004 plan 134-KH/HU."""

CONCLUSION = {"000", "001"}
TRIEU_SON, DIRECTIVE, PLAN = {"002"}, {"003"}, {"004"}

JUDGED = [
    ("ngay thu bay vi nong thon moi", CONCLUSION),
    ("Ngày thứ Bảy vì nông thôn mới", CONCLUSION),
    ("ket luan ngay thu bay", CONCLUSION),
    ("kết luận hội nghị ra quân", CONCLUSION),
    ("thong bao ket luan hoi nghi danh gia ket qua phat dong", CONCLUSION),
    ("422-TB/HU", CONCLUSION),
    ("422 tb hu", CONCLUSION),
    ("so 422", CONCLUSION),
    ("ra quan ngay thu bay di linh", CONCLUSION),
    ("nguyen huu hung", CONCLUSION),
    ("ngay thu bay vi nong thon moi do thi van minh", CONCLUSION),
    ("ngay thir bay", CONCLUSION),
    ("phat dong ra quan nong thon maoi", CONCLUSION),
    ("ngay thu bay vi nog thon moi", CONCLUSION),
    ("hoi nghi danh gia ket qua phat dong", CONCLUSION),
    ("khu dan cu kieu mau", DIRECTIVE),
    ("khu dân cư kiểu mẫu", DIRECTIVE),
    ("chi thi khu dan cu kieu mau", DIRECTIVE),
    ("nhan rong khu dan cu kieu mau", DIRECTIVE),
    ("truong van tung", DIRECTIVE),
    ("cuoc van dong toan dan doan ket xay dung nong thon moi kieu mau", DIRECTIVE),
    ("khu dan cu kieu mau giai doan 2021 2025", DIRECTIVE),
    ("khu dan cu kieu mao", DIRECTIVE),
    ("trieu son", TRIEU_SON),
    ("Triệu Sơn bút phá đi lên", TRIEU_SON),
    ("ban chi dao trieu son ket luan", TRIEU_SON),
    ("27/32 xa dat chuan", TRIEU_SON),
    ("le phu quoc", TRIEU_SON),
    ("van phong ntm huyen trieu son", TRIEU_SON),
    ("so ket de an 04", PLAN),
    ("134-KH/HU", PLAN),
    ("ke hoach so ket de an so 04-DA/HU", PLAN),
    ("kế hoạch sơ kết đề án 04", PLAN),
    ("so ket danh gia ket qua trien khai de an", PLAN),
    ("kien nghi de xuat so ket", PLAN),
    ("xay dung huyen di linh dat huyen nong thon moi nang cao", PLAN),
]


def measure(ranking_of) -> tuple[float, float, list]:
    """(precision@5, MRR, per-query rows). precision@5 = relevant documents in the first five /
    min(5, number relevant); MRR = mean of 1 / rank of the first relevant document (0 if absent)."""
    rows, precision, reciprocal = [], 0.0, 0.0
    for query, relevant in JUDGED:
        ranking = ranking_of(query)
        top = ranking[:5]
        p5 = len(relevant & set(top)) / min(5, len(relevant))
        first = next((i for i, key in enumerate(ranking, start=1) if key in relevant), None)
        rr = 1 / first if first else 0.0
        precision, reciprocal = precision + p5, reciprocal + rr
        rows.append((query, sorted(relevant), ranking[:5], p5, rr))
    return precision / len(JUDGED), reciprocal / len(JUDGED), rows
