"""The programme's content model: pages in ``pages``, people and organisations in ``snippets``."""

from programme.models.pages import (
    Audience,
    CallCriterion,
    CallPage,
    CallStatus,
    ChallengeAchievement,
    ChallengeMentor,
    ChallengePage,
    ChallengeTeamMember,
    ChallengeTheme,
    ChallengeVideo,
    ProgrammePage,
    PromotionJuryMember,
    PromotionPage,
)
from programme.models.snippets import (
    Administration,
    Entrepreneur,
    EntrepreneurLink,
    JuryMember,
    Mentor,
    MentorKind,
    Profile,
)

__all__ = [
    "Administration",
    "Audience",
    "CallCriterion",
    "CallPage",
    "CallStatus",
    "ChallengeAchievement",
    "ChallengeMentor",
    "ChallengePage",
    "ChallengeTeamMember",
    "ChallengeTheme",
    "ChallengeVideo",
    "Entrepreneur",
    "EntrepreneurLink",
    "JuryMember",
    "Mentor",
    "MentorKind",
    "Profile",
    "ProgrammePage",
    "PromotionJuryMember",
    "PromotionPage",
]
