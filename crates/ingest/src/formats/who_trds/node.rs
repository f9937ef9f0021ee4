//! The tree both forms of the data set are read into: an element's name, its own
//! text and its children. In the JSON form an array is the element repeated, as the
//! XML would repeat it, and `{}` is an empty element.

use serde_json::Value;

use crate::formats::ctgov_xml::tree::Element;
use crate::text::clean_block;

#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Node {
    pub name: String,
    pub text: String,
    pub children: Vec<Node>,
}

impl Node {
    pub fn from_element(element: &Element) -> Node {
        Node {
            name: element.name.clone(),
            text: element.text.clone(),
            children: element.children.iter().map(Node::from_element).collect(),
        }
    }

    /// A JSON value as the element `name`; arrays inside become repeated children.
    pub fn from_json(name: &str, value: &Value) -> Node {
        let mut node = Node { name: name.to_owned(), ..Node::default() };
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    match value {
                        Value::Array(items) => node.children.extend(items.iter().map(|v| Node::from_json(key, v))),
                        _ => node.children.push(Node::from_json(key, value)),
                    }
                }
            }
            // An array where an element is expected: its scalars are the element's text.
            Value::Array(items) => {
                for item in items {
                    let child = Node::from_json(name, item);
                    if child.children.is_empty() {
                        push_line(&mut node.text, &child.text);
                    } else {
                        node.children.extend(child.children);
                    }
                }
            }
            Value::String(s) => node.text = s.clone(),
            Value::Number(n) => node.text = n.to_string(),
            Value::Bool(b) => node.text = b.to_string(),
            Value::Null => {}
        }
        node
    }

    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// This element's text as a block (line breaks kept); `None` when blank.
    pub fn value(&self) -> Option<String> {
        let text = clean_block(&self.text);
        (!text.is_empty()).then_some(text)
    }

    /// The first child `name`'s value.
    pub fn leaf(&self, name: &str) -> Option<String> {
        self.all(name).find_map(Node::value)
    }

    /// The values of every child `name`, blank ones left out.
    pub fn texts(&self, name: &str) -> Vec<String> {
        self.all(name).filter_map(Node::value).collect()
    }

    /// (name, value) of every descendant with a value, for parts no reader knows.
    pub fn leaves(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut pending: Vec<&Node> = self.children.iter().rev().collect();
        while let Some(node) = pending.pop() {
            if let Some(value) = node.value() {
                out.push((node.name.clone(), value));
            }
            pending.extend(node.children.iter().rev());
        }
        out
    }
}

fn push_line(text: &mut String, line: &str) {
    if line.trim().is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_arrays_repeat_their_element() {
        let value: Value = serde_json::json!({"countries": [{"country2": "Thailand"}, {"country2": "Laos"}],
            "prim_outcome": ["a", "b"], "utrn": {}});
        let node = Node::from_json("trial", &value);
        assert_eq!(node.all("countries").filter_map(|c| c.leaf("country2")).collect::<Vec<_>>(), ["Thailand", "Laos"]);
        assert_eq!(node.texts("prim_outcome"), ["a", "b"]);
        assert_eq!(node.leaf("utrn"), None);
    }
}
