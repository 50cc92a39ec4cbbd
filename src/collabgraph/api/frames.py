"""Tables as pandas DataFrames that give their records back unchanged (the API's answers)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


def records_frame(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """Records as a DataFrame that gives them back unchanged: a column with a missing value
    stays ``object`` (no NaN, no int turned float), the others get their natural dtype."""
    import pandas as pd

    frame = pd.DataFrame(list(rows), columns=list(columns) if columns else None, dtype=object)
    complete = [name for name in frame.columns if not frame[name].isna().any()]
    if complete:
        frame[complete] = frame[complete].infer_objects()
    return frame


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a DataFrame as plain Python values (the inverse of :func:`records_frame`),
    for tables that leave Python (JSON)."""
    return [
        {key: value.item() if hasattr(value, "item") else value for key, value in row.items()}
        for row in frame.to_dict("records")
    ]
