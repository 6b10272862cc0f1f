-- Reverses 0007_memory.sql. unaccent goes only if 0007 created it.
DROP FUNCTION pm_fts_rebuild();
DROP TRIGGER tool_action_params_fts_delete ON tool_action_params;
DROP TRIGGER tool_action_params_fts_insert ON tool_action_params;
DROP TRIGGER tool_actions_fts_delete ON tool_actions;
DROP TRIGGER tool_actions_fts_update ON tool_actions;
DROP TRIGGER tool_actions_fts_insert ON tool_actions;
DROP FUNCTION pm_catalog_fts_sync();
DROP FUNCTION pm_catalog_fts_refresh(bigint);
DROP TABLE catalog_fts;
DROP VIEW catalog_documents;

DROP TRIGGER skills_fts_update ON skill_definitions;
DROP TRIGGER skills_fts_delete ON skill_definitions;
DROP TRIGGER skills_fts_insert ON skill_definitions;
DROP FUNCTION skills_fts_sync();
DROP FUNCTION skills_fts_document(skill_definitions);
DROP TABLE skills_fts;

DROP TRIGGER feedback_fts_update ON feedback;
DROP TRIGGER feedback_fts_delete ON feedback;
DROP TRIGGER feedback_fts_insert ON feedback;
DROP FUNCTION feedback_fts_sync();
DROP FUNCTION feedback_fts_document(feedback);
DROP TABLE feedback_fts;

DROP TRIGGER notes_fts_update ON plan_notes;
DROP TRIGGER notes_fts_delete ON plan_notes;
DROP TRIGGER notes_fts_insert ON plan_notes;
DROP FUNCTION notes_fts_sync();
DROP FUNCTION notes_fts_document(plan_notes);
DROP TABLE notes_fts;

DROP TRIGGER steps_fts_update ON steps;
DROP TRIGGER steps_fts_delete ON steps;
DROP TRIGGER steps_fts_insert ON steps;
DROP FUNCTION steps_fts_sync();
DROP FUNCTION steps_fts_document(steps);
DROP TABLE steps_fts;

DROP TRIGGER plans_fts_update ON plans;
DROP TRIGGER plans_fts_delete ON plans;
DROP TRIGGER plans_fts_insert ON plans;
DROP FUNCTION plans_fts_sync();
DROP FUNCTION plans_fts_document(plans);
DROP TABLE plans_fts;

DROP TRIGGER sections_fts_update ON workspace_sections;
DROP TRIGGER sections_fts_delete ON workspace_sections;
DROP TRIGGER sections_fts_insert ON workspace_sections;
DROP FUNCTION sections_fts_sync();
DROP FUNCTION sections_fts_document(workspace_sections);
DROP TABLE sections_fts;

DROP TRIGGER knowledge_fts_update ON knowledge;
DROP TRIGGER knowledge_fts_delete ON knowledge;
DROP TRIGGER knowledge_fts_insert ON knowledge;
DROP FUNCTION knowledge_fts_sync();
DROP FUNCTION knowledge_fts_document(knowledge);
DROP TABLE knowledge_fts;

DROP TRIGGER research_fts_update ON research_documents;
DROP TRIGGER research_fts_delete ON research_documents;
DROP TRIGGER research_fts_insert ON research_documents;
DROP FUNCTION research_fts_sync();
DROP FUNCTION research_fts_document(research_documents);
DROP TABLE research_fts;

DROP TRIGGER context_items_fts_update ON context_items;
DROP TRIGGER context_items_fts_delete ON context_items;
DROP TRIGGER context_items_fts_insert ON context_items;
DROP FUNCTION context_fts_sync();
DROP FUNCTION context_fts_document(context_items);
DROP TABLE context_fts;

DROP FUNCTION pm_fts_document(text[]);
DROP FUNCTION pm_fts_text(text);
DROP TEXT SEARCH CONFIGURATION pm_search;
DROP TEXT SEARCH DICTIONARY pm_english_stem;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM meta WHERE key = 'postgres_unaccent_created_by' AND value = '0007') THEN
    DROP EXTENSION unaccent;
    DELETE FROM meta WHERE key = 'postgres_unaccent_created_by';
  END IF;
END
$$;

DROP INDEX idx_event_log_type;
ALTER TABLE event_log DROP COLUMN agent;
DROP TABLE build_scripts;
DROP TABLE skill_definitions;
DROP TABLE instruction_files;
DROP TABLE agent_definitions;
DROP TABLE lineage;
DROP TABLE sessions;
DROP TABLE workspace_sections;
DROP TABLE knowledge;
DROP TABLE research_documents;
DROP TRIGGER phases_move_context ON phases;
DROP TRIGGER steps_move_context ON steps;
DROP FUNCTION pm_move_context();
DROP TRIGGER steps_delete_context ON steps;
DROP TRIGGER phases_delete_context ON phases;
DROP TRIGGER programs_delete_context ON programs;
DROP TRIGGER tracks_delete_context ON tracks;
DROP FUNCTION pm_delete_context();
DROP TABLE context_items;
