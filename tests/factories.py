"""factory_boy factories for the directory; the territory itself comes from the real files."""

import factory
from django.contrib.auth import get_user_model

from directory.models import Agency, AgencyKind, Assignment, Membership, Person
from ntm_portal.text import fold


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "An"
    last_name = "Nguyễn Văn"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.django.Password("secret-pass-123")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Phòng Thử nghiệm {n}")
    kind = AgencyKind.DISTRICT_OFFICE
    email = factory.Sequence(lambda n: f"agency{n}@example.vn")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    valid_from = factory.Faker("date_between", start_date="-3y", end_date="-1y")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Trần Thị Cán Bộ {n}")
    name_folded = factory.LazyAttribute(lambda p: fold(p.full_name))
    position = "Chuyên viên"
    phone = factory.Sequence(lambda n: f"09{n:08d}")
    is_party_member = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
