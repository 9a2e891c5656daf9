/* Draftail entity "CITATION": cite a reusable Source from the rich-text toolbar.
 * Opens Wagtail's snippet chooser for sources; the chosen source's id is stored
 * as <a linktype="citation" id="…"> around the selected words (or a † marker). */
(() => {
    const React = window.React;
    const { ModalWorkflowSource, TooltipEntity, registerPlugin } = window.draftail;

    class CitationSource extends ModalWorkflowSource {
        getChooserConfig() {
            return {
                url: this.props.entityType.chooserUrl,
                urlParams: {},
                onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
                responses: { chosen: this.onChosen },
            };
        }

        filterEntityData(data) {
            return { id: String(data.id), label: data.string };
        }

        onChosen(data) {
            super.onChosen({ ...data, title: "†" });
        }
    }

    const Citation = (props) => {
        const data = props.contentState.getEntity(props.entityKey).getData();
        return React.createElement(TooltipEntity, {
            ...props,
            icon: React.createElement(window.wagtail.components.Icon, { name: "doc-full" }),
            label: data.label || `Quelle ${data.id}`,
            url: null,
        });
    };

    registerPlugin({ type: "CITATION", source: CitationSource, decorator: Citation }, "entityTypes");
})();
