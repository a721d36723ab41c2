"""The survey page type and what the public leaves on it: responses, and an early close."""

from .pages import QUESTION_BLOCKS, SurveyKind, SurveyPage
from .responses import SurveyClosure, SurveyResponse

__all__ = ["QUESTION_BLOCKS", "SurveyClosure", "SurveyKind", "SurveyPage", "SurveyResponse"]
