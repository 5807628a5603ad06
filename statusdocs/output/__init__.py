"""Make the site from the records: pages, api, search, traditional, inventory, sitemap, urls, the output folder."""
