use serde_json::{Map, Value};
use trialdex_model::Study;
pub(crate) fn read(_object: Map<String, Value>) -> Result<Study, String> {
    Err("todo".into())
}
