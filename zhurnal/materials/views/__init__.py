"""The pages of materials, portfolios, class resources and school documents (one module each)."""
