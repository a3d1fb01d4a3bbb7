"""Keep, from the rows of one offer file, the prices the rules need: one per catalog key.

On-demand rows become PRICE_COLUMNS rows. Reserved rows of EC2 and RDS instances (standard
offering class, 1 or 3 years, no upfront or all upfront) become RESERVED_COLUMNS rows: the hourly
fee and the upfront fee of a term are two rows of the file (units "Hrs" and "Quantity") paired
here by SKU and term code. Where several SKUs give one key a price, the highest is kept (an
estimate had better err high), as the embedded snapshot's build does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from costing.catalog import HOURS_PER_YEAR
from costing.pricing import RESERVED_TERMS
from costing.refresh.mapping import Match, Row
from costing.refresh.offer_csv import OfferFileError

# (LeaseContractLength without spaces, PurchaseOption) -> the catalog's term name.
AWS_TERMS = {("1yr", "No Upfront"): "reserved-1y-no-upfront", ("1yr", "All Upfront"): "reserved-1y-all-upfront",
             ("3yr", "No Upfront"): "reserved-3y-no-upfront", ("3yr", "All Upfront"): "reserved-3y-all-upfront"}
assert set(AWS_TERMS.values()) == set(RESERVED_TERMS)


def decimal_text(value: Decimal) -> str:
    """The shortest exact decimal ("0.0100000000" -> "0.01"); no floats, so no rounding."""
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


@dataclass
class _Reservation:
    hourly: Decimal | None = None
    upfront: Decimal = Decimal(0)

    def effective(self, years: int) -> Decimal:
        return (self.hourly or Decimal(0)) + self.upfront / (HOURS_PER_YEAR * years)


@dataclass
class OfferPrices:
    """The kept prices of one offer file for one region, with its source URL and publication date."""

    region: str
    source: str
    as_of: str
    on_demand: dict[tuple[str, str, str, str], Decimal] = field(default_factory=dict)
    reserved: dict[tuple[str, str, str, str], dict[str, _Reservation]] = field(default_factory=dict)

    def add(self, row: Row, match: Match, line: int) -> None:
        """Keep the row's price if it is on-demand, or a wanted Reserved term of an instance."""
        if row.term_type == "OnDemand":
            key = (match.service, match.item, match.variant, match.unit)
            usd = self._price(row, line) * match.factor
            if key not in self.on_demand or usd > self.on_demand[key]:
                self.on_demand[key] = usd
        elif row.term_type == "Reserved" and match.reservable and row.offering_class in ("", "standard"):
            term = AWS_TERMS.get((row.lease.replace(" ", ""), row.purchase_option))
            if term is None:
                return
            per_sku = self.reserved.setdefault((match.service, match.item, match.variant, term), {})
            reservation = per_sku.setdefault(f"{row.sku}.{row.term_code}", _Reservation())
            if row.unit == "Quantity":
                reservation.upfront = self._price(row, line)
            else:
                reservation.hourly = self._price(row, line)

    @property
    def count(self) -> int:
        return len(self.on_demand) + len(self.reserved)

    def counts(self) -> dict[str, int]:
        """Service -> its number of on-demand prices."""
        counted: dict[str, int] = {}
        for service, *_ in self.on_demand:
            counted[service] = counted.get(service, 0) + 1
        return counted

    def price_rows(self) -> list[list[str]]:
        """PRICE_COLUMNS rows, sorted."""
        return sorted([service, self.region, item, variant, unit, decimal_text(usd), self.source, self.as_of]
                      for (service, item, variant, unit), usd in self.on_demand.items())

    def reserved_rows(self) -> list[list[str]]:
        """RESERVED_COLUMNS rows (hourly fee as `usd`, the upfront fee apart), sorted; the dearest SKU per key."""
        rows = []
        for (service, item, variant, term), per_sku in self.reserved.items():
            complete = [reservation for reservation in per_sku.values() if reservation.hourly is not None]
            if not complete:
                continue
            chosen = max(complete, key=lambda reservation: reservation.effective(RESERVED_TERMS[term]))
            rows.append([service, self.region, item, variant, term, "hour", decimal_text(chosen.hourly),
                         decimal_text(chosen.upfront), self.source, self.as_of])
        return sorted(rows)

    def _price(self, row: Row, line: int) -> Decimal:
        try:
            value = Decimal(row.price)
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite() or value < 0:
            raise OfferFileError(f"{self.source} line {line}: price {row.price!r} is not a non-negative number")
        return value
