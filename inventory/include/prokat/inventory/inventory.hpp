// The whole inventory module behind one object: every service, built from the same database,
// clock and settings. web/ builds one at start-up and passes references to its handlers.
// Thread-safe as its services are; not copyable (services hold references).
#pragma once

#include "prokat/inventory/acknowledgment_journal.hpp"
#include "prokat/inventory/agreements.hpp"
#include "prokat/inventory/applications.hpp"
#include "prokat/inventory/board.hpp"
#include "prokat/inventory/care.hpp"
#include "prokat/inventory/catalog.hpp"
#include "prokat/inventory/custody.hpp"
#include "prokat/inventory/deliveries.hpp"
#include "prokat/inventory/demo_data.hpp"
#include "prokat/inventory/families.hpp"
#include "prokat/inventory/health.hpp"
#include "prokat/inventory/lookup.hpp"
#include "prokat/inventory/monitoring.hpp"
#include "prokat/inventory/organization_details.hpp"
#include "prokat/inventory/photos.hpp"
#include "prokat/inventory/queries.hpp"
#include "prokat/inventory/rules_versions.hpp"
#include "prokat/inventory/settings.hpp"
#include "prokat/inventory/template_store.hpp"
#include "prokat/inventory/types.hpp"
#include "prokat/inventory/users.hpp"

namespace prokat::inventory {

struct Inventory {
  // REQUIRES: db and clock outlive this object. Settings are read once here (LoadSettings);
  // rebuild the object after SaveSettings.
  Inventory(db::Database& db, const Clock& clock, const InventorySettings& settings)
      : users(db, clock),
        catalog(db, clock, settings),
        care(db, clock, settings),
        families(db, clock, settings),
        applications(db, clock, settings),
        agreements(db, clock, settings),
        deliveries(db, clock, settings),
        custody(db, clock, settings),
        monitoring(db, clock, settings),
        photos(db, clock, settings),
        lookup(db, clock),
        queries(db, clock, settings),
        templates(db, clock),
        organization(db, clock),
        rules_versions(db),
        acknowledgments(db, settings),
        board(db, clock, settings),
        settings_store(db),
        health(db) {}
  Inventory(const Inventory&) = delete;
  Inventory& operator=(const Inventory&) = delete;

  UserService users;
  CatalogService catalog;
  CareService care;
  FamilyService families;
  ApplicationService applications;
  AgreementService agreements;
  DeliveryService deliveries;
  CustodyService custody;
  MonitoringService monitoring;
  PhotoStore photos;
  LookupService lookup;
  QueryService queries;
  TemplateStore templates;
  OrganizationDetails organization;
  RulesVersions rules_versions;
  AcknowledgmentJournal acknowledgments;
  BoardQueries board;
  SettingsService settings_store;  // stored; the services above keep those they were built with
  HealthCheck health;
};

}  // namespace prokat::inventory
