/* Draftail entity "CITATION": cite reusable Sources from the rich-text toolbar
 * ("Quelle zitieren", also in the "+" menu and after typing "/").
 * Opens Wagtail's snippet chooser for sources (with a "Neue Quelle" tab). A new
 * citation is a marker (†) inserted at the cursor, or after the selected words;
 * readers see it as a numbered note "[3]". Editing a marker ("Bearbeiten")
 * adds another source to the same note, as printed articles cite two studies
 * under one number. Stored as <a linktype="citation" id="12,15">†</a>. */
(() => {
    const React = window.React;
    const { EditorState, Modifier } = window.DraftJS;
    const { ModalWorkflowSource, TooltipEntity, registerPlugin } = window.draftail;
    const MARKER = "†";

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
            const { entity } = this.props;
            if (!entity) return { id: String(data.id), label: data.string };
            const cited = entity.getData();
            const ids = String(cited.id).split(",");
            if (ids.includes(String(data.id))) return cited;
            return { id: [...ids, data.id].join(","), label: `${cited.label}; ${data.string}` };
        }

        onChosen(data) {
            const { editorState, entity, entityType, onComplete } = this.props;
            if (entity) {
                super.onChosen({ ...data, title: MARKER });
                return;
            }
            const selection = editorState.getSelection();
            const end = selection.merge({
                anchorKey: selection.getEndKey(),
                anchorOffset: selection.getEndOffset(),
                focusKey: selection.getEndKey(),
                focusOffset: selection.getEndOffset(),
                isBackward: false,
            });
            const content = editorState
                .getCurrentContent()
                .createEntity(entityType.type, "MUTABLE", this.filterEntityData(data));
            const entityKey = content.getLastCreatedEntityKey();
            const withMarker = Modifier.insertText(content, end, MARKER, null, entityKey);
            this.workflow.close();
            onComplete(EditorState.push(editorState, withMarker, "insert-characters"));
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
