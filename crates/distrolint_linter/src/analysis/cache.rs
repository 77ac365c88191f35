//! Results of the shared analyses, computed on first use and kept for the rest of the lint.
//!
//! Several rules ask the same questions about the same instructions (where a `COPY` lands, the
//! working directory at an instruction); the answers live here so each is computed once per lint.
//! A table is allocated only when some rule asks, so rules that have nothing to check pay nothing.

use std::cell::OnceCell;

use super::base::CopyTarget;
use super::packaging::CopyParts;
use super::platform::{LabelDef, Mount};
use crate::settings::LabelsConfig;

/// One value per index (an instruction or a stage), each computed on first use.
pub(crate) struct Table<T>(OnceCell<Box<[OnceCell<T>]>>);

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table(OnceCell::new())
    }
}

impl<T> Table<T> {
    /// The value at `index` of a table of `len` entries, computed by `init` the first time.
    /// `init` may fill other entries of the same table, but not this one.
    pub(crate) fn get_or_init(&self, len: usize, index: usize, init: impl FnOnce() -> T) -> &T {
        let cells = self.0.get_or_init(|| (0..len).map(|_| OnceCell::new()).collect());
        cells[index].get_or_init(init)
    }
}

/// The cached analyses of one lint. [`Model`](crate::model::Model) owns it.
#[derive(Default)]
pub(crate) struct Caches<'a> {
    /// Per stage: its `COPY`/`ADD`s in order, with the target each puts into the stage, or
    /// `None` when the destination is not known (see [`super::base::copies_before`]).
    pub(crate) stage_copies: Table<Vec<(usize, Option<CopyTarget>)>>,
    /// Per instruction: [`super::packaging::copy_parts`].
    pub(crate) copy_parts: Table<Option<CopyParts<'a>>>,
    /// Per `WORKDIR` instruction: the working directory it sets, as
    /// [`super::base::workdir_at`] resolves it.
    pub(crate) workdir_base: Table<Option<String>>,
    /// The same for [`super::packaging::workdir_at`].
    pub(crate) workdir_packaging: Table<Option<String>>,
    /// The same for [`super::runtime::workdir_at`].
    pub(crate) workdir_runtime: Table<Option<String>>,
    /// Per instruction: [`super::platform::run_mounts`].
    pub(crate) mounts: Table<Vec<Mount<'a>>>,
    /// Per stage: [`super::platform::chain_labels`].
    pub(crate) chain_labels: Table<Vec<LabelDef>>,
    /// [`super::platform::label_policy`].
    pub(crate) label_policy: OnceCell<LabelsConfig>,
}
