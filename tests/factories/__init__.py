"""factory-boy factories, one module per app; import from here for convenience."""

from .academy import LocalityFactory, PartnerOrganisationFactory, UserFactory  # noqa: F401
from .courses import (  # noqa: F401
    AttendanceFactory,
    BursaryPaymentFactory,
    CohortFactory,
    CohortSessionFactory,
    ProgrammeFactory,
    QualificationAwardFactory,
)
from .learners import (  # noqa: F401
    AcademyValueFactory,
    ApplicationFactory,
    ApplicationSourceFactory,
    DbsCheckFactory,
    EnquiryFactory,
    LearnerFactory,
    QuestionBankFactory,
    ReferenceFactory,
    ScreeningQuestionFactory,
)
from .notifications import MessageTemplateFactory, NotificationFactory  # noqa: F401
from .placements import (  # noqa: F401
    InterviewSlotFactory,
    PlacementOpportunityFactory,
    RecruitmentEventFactory,
)
from .providers import (  # noqa: F401
    ProviderContactFactory,  # noqa: F401
    ProviderFactory,
    SiteFactory,
)
from .vacancies import RingFenceFactory, VacancyFactory  # noqa: F401
