package io.fluxmq.config;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/** Minimal ObjectClassDefinition and AttributeDefinition, built fluently. */
final class FakeMetatype implements ObjectClassDefinition {
    private final String id;
    private final List<AttributeDefinition> ads = new ArrayList<>();

    FakeMetatype(String id) {
        this.id = id;
    }

    FakeMetatype attr(String attrId, int type, int cardinality) {
        return attr(attrId, type, cardinality, null, null);
    }

    /** @param options allowed values or null; @param max numeric maximum checked by validate(), or null */
    FakeMetatype attr(String attrId, int type, int cardinality, String[] options, Long max) {
        ads.add(new AttributeDefinition() {
            @Override
            public String getName() {
                return attrId;
            }

            @Override
            public String getID() {
                return attrId;
            }

            @Override
            public String getDescription() {
                return "";
            }

            @Override
            public int getCardinality() {
                return cardinality;
            }

            @Override
            public int getType() {
                return type;
            }

            @Override
            public String[] getOptionValues() {
                return options;
            }

            @Override
            public String[] getOptionLabels() {
                return options;
            }

            @Override
            public String validate(String value) {
                if (max == null) {
                    return null; // "no validation done"
                }
                return Long.parseLong(value) <= max ? "" : "value " + value + " is above the maximum " + max;
            }

            @Override
            public String[] getDefaultValue() {
                return null;
            }
        });
        return this;
    }

    @Override
    public String getName() {
        return id;
    }

    @Override
    public String getID() {
        return id;
    }

    @Override
    public String getDescription() {
        return "";
    }

    @Override
    public AttributeDefinition[] getAttributeDefinitions(int filter) {
        return ads.toArray(new AttributeDefinition[0]);
    }

    @Override
    public InputStream getIcon(int size) {
        return null;
    }
}
