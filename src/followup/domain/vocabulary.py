"""Names of tools, languages and products as they are spelt, for facts typed in a hurry.

A debrief says "their migration to kafka" or "Spark and Airflow pipelines"; a letter must say
"Kafka", and must not mistake "Spark" or "Go" (English words too) for a verb at the start of a
phrase. No library lists the working vocabulary of tech and life-science job seekers, so this
one does: extend it freely, it only ever restores a spelling and keeps a name a name.
"""

from __future__ import annotations

_NAMES = """
    Airflow Android Angular Ansible Apache Athena AWS Azure BigQuery Bitbucket Blender C++ C#
    Cassandra Chef ClickHouse Confluence Cypress Dagster Databricks Datadog dbt Debian Delta
    Django Docker DuckDB Dynamo DynamoDB Elastic Elasticsearch Elixir Erlang Excel Figma Firebase
    Flask Flink Flutter Fortran Git GitHub GitLab Go Golang Grafana GraphQL Hadoop Haskell Helm
    Hive iOS Java JavaScript Jenkins Jira Jupyter Kafka Keras Kotlin Kubernetes
    LaTeX Linux Looker Lua macOS Matlab MATLAB Maven Metabase Miro MongoDB MySQL Neo4j NestJS
    Next.js Nginx Node Node.js NumPy Notion OCaml Okta OpenAI Oracle Pandas PHP Perl Photoshop
    PostgreSQL Postgres PowerPoint Presto Prometheus Puppet PySpark Python PyTorch
    Qualtrics RabbitMQ React Redis Redshift Ruby Rails Rust Salesforce SAP SAS Scala Sketch
    Slack Snowflake Solidity Spark Splunk SPSS SQL SQLite Stata Svelte Swift Tableau Tailwind
    TensorFlow Terraform Trino TypeScript Ubuntu Unity Unix Vue Webpack Windows Workday Zoom
    Zendesk HubSpot Marketo Mixpanel Amplitude Segment Optimizely UserTesting Dovetail Maze
    Lookback Hotjar FullStory Veeva TrackWise MasterControl LabVIEW Minitab SolidWorks AutoCAD
    Revit ArcGIS QGIS Xero QuickBooks NetSuite Dynamics Shopify WordPress Webflow Canva
"""
NAMES: frozenset[str] = frozenset(_NAMES.split())
_BY_FOLDED = {name.casefold(): name for name in NAMES}


def spelt(word: str) -> str | None:
    """``kafka`` -> ``Kafka``: the usual spelling of a name, or None for other words."""
    return _BY_FOLDED.get(word.casefold())
