"""The programme's content model (promotions, défis, entrepreneurs, calls) comes here."""
