/* Draftail "Produkt-Link": choose a product from the catalogue and link the
 * selected text to it. Stored as <embed embedtype="product" …/> (see
 * products/rich_text.py); the site renders it as a labelled affiliate link. */
(() => {
  const React = window.React;
  const { EditorState, Modifier, RichUtils } = window.DraftJS;
  const { TooltipEntity, registerPlugin } = window.draftail;
  const $ = window.jQuery;

  class ProductLinkSource extends React.Component {
    constructor(props) {
      super(props);
      this.onChosen = this.onChosen.bind(this);
      this.onClose = this.onClose.bind(this);
    }

    componentDidMount() {
      const { entityType, onClose } = this.props;
      $(document.body).on('hidden.bs.modal', this.onClose);
      this.workflow = window.ModalWorkflow({
        url: entityType.chooserUrls.productChooser,
        onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: { chosen: this.onChosen },
        onError: () => {
          window.alert('Die Produktauswahl konnte nicht geladen werden.');
          onClose();
        },
      });
    }

    componentWillUnmount() {
      this.workflow = null;
      $(document.body).off('hidden.bs.modal', this.onClose);
    }

    onChosen(data) {
      const { editorState, entityType, onComplete } = this.props;
      const content = editorState.getCurrentContent();
      const selection = editorState.getSelection();
      const withEntity = content.createEntity(entityType.type, 'MUTABLE', {
        id: data.id,
        title: data.string,
      });
      const entityKey = withEntity.getLastCreatedEntityKey();
      let nextState;
      if (selection.isCollapsed()) {
        const replaced = Modifier.replaceText(
          withEntity, selection, data.string, null, entityKey,
        );
        nextState = EditorState.push(editorState, replaced, 'insert-characters');
      } else {
        nextState = RichUtils.toggleLink(editorState, selection, entityKey);
      }
      this.workflow.close();
      onComplete(nextState);
    }

    onClose(event) {
      event.preventDefault();
      this.props.onClose();
    }

    render() {
      return null;
    }
  }

  const ProductLink = (props) => {
    const { entityKey, contentState } = props;
    const data = contentState.getEntity(entityKey).getData();
    return React.createElement(TooltipEntity, {
      ...props,
      icon: React.createElement(window.wagtail.components.Icon, { name: 'tag' }),
      label: `Produkt-Link: ${data.title || 'Produkt fehlt'}`,
      url: null,
    });
  };

  registerPlugin(
    { type: 'PRODUCT_LINK', source: ProductLinkSource, decorator: ProductLink },
    'entityTypes',
  );
})();
