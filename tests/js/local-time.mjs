// Run static/sphinx-seminars.js on <time> elements given as JSON attribute maps (argv[2]), with a
// minimal DOM, in the zone of $TZ and dates in en-GB; print the "your time" hint of each (JSON).
import fs from "node:fs";
import vm from "node:vm";

class Element {
  constructor(attributes) {
    this.attributes = attributes;
    this.children = [];
  }
  getAttribute(name) {
    return name in this.attributes ? String(this.attributes[name]) : null;
  }
  hasAttribute(name) {
    return name in this.attributes;
  }
  closest() {
    return null; // a talk page's <time>, in no table cell
  }
  querySelector(selector) {
    return this.children.find((child) => "." + child.className === selector) || null;
  }
  appendChild(child) {
    this.children.push(child);
  }
}

const times = JSON.parse(process.argv[2]).map((attributes) => new Element(attributes));
const document = {
  readyState: "complete",
  querySelectorAll: (selector) => (selector === "time[data-seminar-start]" ? times : []),
  createElement: () => ({ className: "", textContent: "" }),
};
function DateTimeFormat(locale, options) {
  return new Intl.DateTimeFormat("en-GB", options); // returned by "new" too
}
const GB = { DateTimeFormat };
const script = fs.readFileSync(new URL("../../sphinx_seminars/static/sphinx-seminars.js", import.meta.url), "utf8");
vm.runInNewContext(script, { document, Intl: GB, Date, Number });
console.log(JSON.stringify(times.map((time) => time.children.map((child) => child.textContent).join(""))));
