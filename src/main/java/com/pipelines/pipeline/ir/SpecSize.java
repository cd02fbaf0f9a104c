package com.pipelines.pipeline.ir;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * How many tasks a spec has once its sub-DAGs are flattened (a sub-DAG component used twice counts twice), and how
 * deep they nest — counted without recursion and before anything walks the spec, so that neither a long chain nor a
 * component used many times over at each level can exhaust the stack or the heap. Counts stop at {@code cap}.
 */
record SpecSize(long tasks, int depth) {

    static SpecSize of(Map<String, Object> spec, long cap) {
        Map<String, Object> components = spec.get("components") instanceof Map<?, ?> m ? Specs.cast(m) : Map.of();
        Map<String, long[]> sizes = new HashMap<>();   // component → {tasks, depth}; in progress: {-1, 0}
        Deque<String> stack = new ArrayDeque<>();
        components.keySet().forEach(stack::push);
        while (!stack.isEmpty()) {
            String component = stack.peek();
            long[] known = sizes.get(component);
            if (known != null && known[0] >= 0) {
                stack.pop();
                continue;
            }
            if (known == null) {
                sizes.put(component, new long[] {-1, 0});
                boolean pushed = false;
                for (String child : children(components, component)) {
                    if (!sizes.containsKey(child)) {
                        stack.push(child);
                        pushed = true;
                    }
                }
                if (pushed) {
                    continue;
                }
            }
            long tasks = 0;
            long depth = 0;
            for (String child : children(components, component)) {
                long[] size = sizes.getOrDefault(child, new long[] {0, 0});
                boolean nested = size[0] >= 0 && components.get(child) instanceof Map<?, ?> c && c.containsKey("dag");
                tasks = Math.min(cap, tasks + 1 + Math.max(0, size[0]));   // -1: a cycle, which SpecParser names
                depth = Math.max(depth, nested ? size[1] + 1 : 0);
            }
            sizes.put(component, new long[] {tasks, depth});
            stack.pop();
        }
        Object root = spec.get("root");
        Map<String, Object> dag = root instanceof Map<?, ?> r && r.get("dag") instanceof Map<?, ?> d ? Specs.cast(d)
                : Map.of();
        long tasks = 0;
        int depth = 0;
        for (String child : taskComponents(dag)) {
            long[] size = sizes.getOrDefault(child, new long[] {0, 0});
            tasks = Math.min(cap, tasks + 1 + Math.max(0, size[0]));
            depth = (int) Math.max(depth, size[1] + (components.get(child) instanceof Map<?, ?> c
                    && c.containsKey("dag") ? 1 : 0));
        }
        return new SpecSize(tasks, depth);
    }

    private static Iterable<String> children(Map<String, Object> components, String component) {
        Object body = components.get(component);
        if (!(body instanceof Map<?, ?> c) || !(c.get("dag") instanceof Map<?, ?> dag)) {
            return java.util.List.of();
        }
        return taskComponents(Specs.cast(dag));
    }

    private static java.util.List<String> taskComponents(Map<String, Object> dag) {
        if (!(dag.get("tasks") instanceof Map<?, ?> tasks)) {
            return java.util.List.of();
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        for (Object task : tasks.values()) {
            if (task instanceof Map<?, ?> t && t.get("componentRef") instanceof Map<?, ?> ref
                    && ref.get("name") instanceof String name) {
                names.add(name);
            }
        }
        return names;
    }
}
