"""What the content apps (news, programme) and the site share, below them and above the
publishing plugin: the StreamField blocks of bodies (``blocks``) and case-insensitive tags
(``tagging``)."""
