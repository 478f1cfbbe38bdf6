"""The public API: a curated, sorted list of names, all defined inside mesoplan."""

from __future__ import annotations

import mesoplan


def test_all_is_sorted_and_unique() -> None:
    """`__all__` is sorted and lists each name once, so additions are easy to review."""
    names = [n for n in mesoplan.__all__ if n != "__version__"]
    assert names == sorted(names)
    assert len(set(mesoplan.__all__)) == len(mesoplan.__all__)


def test_every_public_member_comes_from_mesoplan() -> None:
    """Each exported class or function is mesoplan's own, not a re-exported dependency."""
    for name in mesoplan.__all__:
        member = getattr(mesoplan, name)
        if name == "__version__":
            assert isinstance(member, str)
            continue
        assert member.__module__.startswith("mesoplan."), name


def test_no_public_module_attribute_is_left_out_of_all() -> None:
    """Every public name the package defines at its top level is listed in `__all__`."""
    public = {n for n in vars(mesoplan) if not n.startswith("_")}
    modules = {n for n in public if type(getattr(mesoplan, n)).__name__ == "module"}
    assert public - modules - {"annotations"} == set(mesoplan.__all__) - {"__version__"}
