"""Feminine forms of East Slavic family names and patronymics."""

_FAMILY_NATIVE = (("ський", "ська"), ("ский", "ская"), ("ов", "ова"), ("ев", "ева"), ("ін", "іна"),
                  ("ин", "ина"))
_FAMILY_LATIN = (("skyi", "ska"), ("skyy", "ska"), ("sky", "skaya"), ("ski", "ska"),
                 ("off", "ova"), ("ov", "ova"), ("ev", "eva"), ("in", "ina"))
_PATRONYMIC_UKRAINIAN = (("йович", "ївна"), ("ович", "івна"))
_PATRONYMIC_RUSSIAN = (("евич", "евна"), ("ович", "овна"), ("ич", "на"))
_PATRONYMIC_LATIN = (("iovych", "iivna"), ("yovych", "yivna"), ("ovych", "ivna"),
                     ("yevich", "yevna"), ("evich", "evna"), ("ovich", "ovna"))


def _replace_end(word: str, rules: tuple[tuple[str, str], ...]) -> str:
    for old, new in rules:
        if word.endswith(old):
            return word[: -len(old)] + new
    return word


def feminine_family(name: str) -> str:
    """Ivanov -> Ivanova, Kovalskyi -> Kovalska; -enko and -uk names do not change."""
    return _replace_end(name, _FAMILY_NATIVE + _FAMILY_LATIN)


def feminine_patronymic(name: str, ukrainian: bool) -> str:
    """Oleksandrovych -> Oleksandrivna, Александрович -> Александровна."""
    native = _PATRONYMIC_UKRAINIAN if ukrainian else _PATRONYMIC_RUSSIAN
    return _replace_end(name, native + _PATRONYMIC_LATIN)
